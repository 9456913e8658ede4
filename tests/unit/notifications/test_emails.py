"""The notifications' use cases render their emails and hand them to the sender."""

from pathlib import Path
from uuid import UUID

import pytest

from app.kernel.ids import new_id
from app.modules.notifications.adapters.outbound.files import FileEmailSender
from app.modules.notifications.application.links import Links
from app.modules.notifications.application.send_password_changed import SendPasswordChanged
from app.modules.notifications.application.send_reset_link import SendResetLink
from app.modules.notifications.application.send_welcome import SendWelcome
from app.modules.notifications.domain.message import EmailMessage
from app.modules.user.api import PasswordChanged, PasswordResetRequested, UserRegistered
from tests.factories import T0

LINKS = Links(app="Shop", reset_url="https://shop.example.com/reset?lang=en", reset_minutes=30)


class Outbox:
    """An EmailSender that keeps what it is given."""

    def __init__(self) -> None:
        self.sent: list[EmailMessage] = []

    async def send(self, message: EmailMessage) -> None:
        self.sent.append(message)


class Resets:
    def __init__(self, known: UUID | None) -> None:
        self.known = known

    async def issue(self, user_id: UUID) -> str | None:
        return "t0k3n/+=" if user_id == self.known else None


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


async def test_the_welcome_names_the_user_and_escapes_them_in_html(outbox: Outbox) -> None:
    event = UserRegistered(
        occurred_at=T0, user_id=new_id(), email="a@example.com", full_name="<b>A</b>"
    )

    await SendWelcome(outbox, LINKS)(event)

    [message] = outbox.sent
    assert (message.to, message.subject) == ("a@example.com", "Welcome to Shop, <b>A</b>")
    assert "Hello <b>A</b>," in message.text
    assert "&lt;b&gt;A&lt;/b&gt;" in message.html
    assert "<b>A</b>" not in message.html


async def test_the_reset_email_carries_a_fresh_token_in_its_link(outbox: Outbox) -> None:
    user = new_id()
    event = PasswordResetRequested(
        occurred_at=T0, user_id=user, email="a@example.com", full_name="A"
    )

    await SendResetLink(outbox, Resets(known=user), LINKS)(event)

    [message] = outbox.sent
    link = "https://shop.example.com/reset?lang=en&token=t0k3n%2F%2B%3D"
    assert link in message.text
    assert link.replace("&", "&amp;") in message.html
    assert "within 30 minutes" in message.text


async def test_no_reset_email_goes_to_an_account_deleted_meanwhile(outbox: Outbox) -> None:
    event = PasswordResetRequested(
        occurred_at=T0, user_id=new_id(), email="a@example.com", full_name="A"
    )

    await SendResetLink(outbox, Resets(known=None), LINKS)(event)

    assert outbox.sent == []


async def test_the_password_changed_notice_points_to_a_reset(outbox: Outbox) -> None:
    event = PasswordChanged(occurred_at=T0, user_id=new_id(), email="a@example.com", full_name="A")

    await SendPasswordChanged(outbox, LINKS)(event)

    assert LINKS.reset_url in outbox.sent[0].text


@pytest.mark.parametrize(
    ("to", "subject"), [("a@x.com\nBcc: b@x.com", "s"), ("a@x.com", "s\r\nBcc: b")]
)
def test_a_message_refuses_header_injection(to: str, subject: str) -> None:
    with pytest.raises(ValueError, match="one"):
        EmailMessage(to=to, subject=subject, text="t", html="h")


async def test_the_file_sender_writes_each_message_as_a_whole_eml_file(tmp_path: Path) -> None:
    sender = FileEmailSender(tmp_path / "mail", "Shop <no-reply@shop.example.com>")

    await sender.send(EmailMessage(to="a@example.com", subject="Hi", text="t", html="<p>h</p>"))
    await sender.send(EmailMessage(to="b@example.com", subject="Ho", text="t", html="<p>h</p>"))

    first, second = written_files(tmp_path / "mail")
    assert "Subject: Hi" in first
    assert "To: b@example.com" in second


async def test_a_written_link_reads_whole_in_the_file(tmp_path: Path) -> None:
    link = "https://shop.example.com/reset-password?token=" + "x" * 43 + "&lang=en"
    sender = FileEmailSender(tmp_path, "Shop <no-reply@shop.example.com>")

    await sender.send(EmailMessage(to="a@example.com", subject="Hi", text=link, html=link))

    [written] = written_files(tmp_path)
    assert link in written  # no encoding in the way of `grep` or a click


def written_files(folder: Path) -> list[str]:
    """The texts of the .eml files in `folder`, oldest first; nothing else may be there."""
    files = sorted(folder.iterdir())
    assert all(f.suffix == ".eml" for f in files)
    return [f.read_text() for f in files]
