"""An EmailMessage as MIME: plain text, with the HTML body as its alternative."""

from typing import TYPE_CHECKING

from app.kernel.ids import new_id
from app.modules.notifications.domain.message import EmailMessage

if TYPE_CHECKING:
    from email.message import EmailMessage as Mime


def to_mime(message: EmailMessage, sender: str, *, readable: bool = False) -> "Mime":
    """`readable`: bodies as plain UTF-8 lines (8bit), so the file reads with `cat` too;
    otherwise encoded for any mail server (quoted-printable where needed). The email
    package loads with the first message, not at start-up."""
    from email.message import EmailMessage as Mime
    from email.utils import formatdate, parseaddr

    mime = Mime()
    mime["From"] = sender
    mime["To"] = message.to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(localtime=False)
    domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"
    mime["Message-ID"] = f"<{new_id()}@{domain}>"  # unique, and from no shared random state
    encoding = "8bit" if readable else None
    mime.set_content(message.text, cte=encoding)
    mime.add_alternative(message.html, subtype="html", cte=encoding)
    return mime
