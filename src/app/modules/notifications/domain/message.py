"""An email to send."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EmailMessage:
    """One message to one recipient, with a plain-text body and the same in HTML."""

    to: str
    subject: str
    text: str
    html: str

    def __post_init__(self) -> None:
        if "\n" in self.subject or "\r" in self.subject:  # no header injection
            raise ValueError("An email subject is one line.")
        if "@" not in self.to or any(c in self.to for c in "\r\n,;<>"):
            raise ValueError("An email goes to one address.")
