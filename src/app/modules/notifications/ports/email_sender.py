"""The EmailSender port."""

from typing import Protocol

from app.modules.notifications.domain.message import EmailMessage


class EmailSender(Protocol):
    """Sends an email. `send` returns once the message is accepted for delivery and
    raises EmailNotSentError when it is not; it never sends half a message."""

    async def send(self, message: EmailMessage) -> None: ...
