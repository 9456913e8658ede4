"""FileEmailSender: each email written to a folder as a .eml file, for `make run`."""

import asyncio
from pathlib import Path

from app.kernel.ids import new_id
from app.modules.notifications.adapters.outbound.mime import to_mime
from app.modules.notifications.domain.errors import EmailNotSentError
from app.modules.notifications.domain.message import EmailMessage


class FileEmailSender:
    """Writes each message to `folder` as `<time-ordered id>.eml`, which any mail program
    opens; used when no SMTP server is configured (SMTP_HOST), in development only."""

    def __init__(self, folder: Path, sender: str) -> None:
        self._folder = folder
        self._sender = sender

    async def send(self, message: EmailMessage) -> None:
        data = to_mime(message, self._sender, readable=True).as_bytes()
        try:
            await asyncio.to_thread(self._write, data)
        except OSError as exc:
            raise EmailNotSentError(f"cannot write to {self._folder}: {exc}") from exc

    def _write(self, data: bytes) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        path = self._folder / f"{new_id()}.eml"
        partial = path.with_suffix(".partial")
        partial.write_bytes(data)
        partial.rename(path)  # readers never see half a message
