"""A real SMTP server for the tests (aiosmtpd, in a thread of the test process): it
records the messages it accepts, and can be told to refuse or to stall them."""

import asyncio
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

Mode = Literal["accept", "refuse", "stall"]


class MailServer:
    def __init__(self) -> None:
        self.mode: Mode = "accept"
        self.messages: list[EmailMessage] = []
        self.logins: list[str] = []
        self.stalled = threading.Event()  # set when a message is held in "stall" mode
        self.host = "127.0.0.1"
        self.port = 0

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.mode == "refuse":
            return "451 4.3.0 Try again later"
        if self.mode == "stall":
            self.stalled.set()
            await asyncio.sleep(3600)  # until the client gives up or dies
        content = envelope.content if isinstance(envelope.content, bytes) else b""
        parsed = email.message_from_bytes(content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and auth_data.password == b"s3cret-smtp"
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_mail_server() -> Iterator[MailServer]:
    server = MailServer()
    server.port = _free_port()
    controller = Controller(
        server,
        hostname=server.host,
        port=server.port,
        authenticator=server.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


async def arrived(server: MailServer, count: int, within: float = 10) -> list[EmailMessage]:
    """Wait, without blocking the event loop, until the server holds `count` messages."""
    for _ in range(int(within / 0.02)):
        if len(server.messages) >= count:
            break
        await asyncio.sleep(0.02)
    return list(server.messages)


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())
