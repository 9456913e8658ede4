"""SmtpEmailSender: the EmailSender on an SMTP server, with aiosmtplib."""

from app.modules.notifications.adapters.outbound.mime import to_mime
from app.modules.notifications.domain.errors import EmailNotSentError
from app.modules.notifications.domain.message import EmailMessage


class SmtpEmailSender:
    """One connection per message: emails go out from the event relay, rarely enough that
    a pool would only hold idle connections open. STARTTLS (`tls`) or implicit TLS
    (`ssl`), and authentication when a user is set."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        tls: bool = True,
        ssl: bool = False,
        timeout: float = 10.0,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._username, self._password = username, password
        self._tls, self._ssl, self._timeout = tls, ssl, timeout

    async def send(self, message: EmailMessage) -> None:
        import aiosmtplib  # on the first email, not at start-up: most requests send none

        try:
            await aiosmtplib.send(
                to_mime(message, self._sender),
                hostname=self._host,
                port=self._port,
                username=self._username,
                password=self._password,
                use_tls=self._ssl,
                start_tls=self._tls and not self._ssl,
                timeout=self._timeout,
            )
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise EmailNotSentError(f"{self._host}:{self._port}: {exc}") from exc
