"""SmtpEmailSender against a real SMTP server."""

import pytest

from app.modules.notifications.adapters.outbound.smtp import SmtpEmailSender
from app.modules.notifications.domain.errors import EmailNotSentError
from app.modules.notifications.domain.message import EmailMessage
from tests.smtp_server import MailServer

MESSAGE = EmailMessage(
    to="ada@example.com",
    subject="Hello Ada",
    text="Plain hello, https://example.com/?token=abc",
    html="<p>HTML hello</p>",
)


def sender_for(server: MailServer, **options: object) -> SmtpEmailSender:
    values: dict[str, object] = {"tls": False, "timeout": 5.0, **options}
    return SmtpEmailSender(
        host=server.host,
        port=server.port,
        sender="Service <no-reply@example.com>",
        **values,  # type: ignore[arg-type]
    )


async def test_a_message_arrives_with_its_sender_recipient_subject_and_both_bodies(
    mail_server: MailServer,
) -> None:
    await sender_for(mail_server).send(MESSAGE)

    [received] = mail_server.messages
    assert (received["From"], received["To"]) == (
        "Service <no-reply@example.com>",
        "ada@example.com",
    )
    assert received["Subject"] == "Hello Ada"
    assert received["Message-ID"].endswith("@example.com>")
    text = received.get_body(preferencelist=("plain",))
    html = received.get_body(preferencelist=("html",))
    assert text is not None
    assert html is not None
    assert text.get_content().strip() == "Plain hello, https://example.com/?token=abc"
    assert html.get_content().strip() == "<p>HTML hello</p>"


async def test_the_sender_logs_in_when_a_user_is_set(mail_server: MailServer) -> None:
    await sender_for(mail_server, username="mailer", password="s3cret-smtp").send(MESSAGE)

    assert mail_server.logins == ["mailer"]
    assert len(mail_server.messages) == 1


@pytest.mark.parametrize(
    ("problem", "options"),
    [
        ("refused", {}),
        ("wrong password", {"username": "mailer", "password": "wrong"}),
        ("no STARTTLS", {"tls": True}),  # never falls back to plain text
    ],
)
async def test_a_message_the_server_does_not_accept_is_an_email_not_sent_error(
    mail_server: MailServer, problem: str, options: dict[str, object]
) -> None:
    if problem == "refused":
        mail_server.mode = "refuse"

    with pytest.raises(EmailNotSentError):
        await sender_for(mail_server, **options).send(MESSAGE)

    assert mail_server.messages == []


async def test_an_unreachable_server_is_an_email_not_sent_error() -> None:
    sender = SmtpEmailSender(host="127.0.0.1", port=1, sender="s@example.com", tls=False, timeout=2)

    with pytest.raises(EmailNotSentError, match=r"127\.0\.0\.1:1"):
        await sender.send(MESSAGE)
