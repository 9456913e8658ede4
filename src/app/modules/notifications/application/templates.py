"""Emails from templates: `templates/<template>.txt` (the subject on its first line, then a
blank line, then the body) and `templates/<template>.html`. `$name` placeholders are
filled in; in the HTML body every value is escaped."""

import html
from pathlib import Path
from string import Template

from app.modules.notifications.domain.message import EmailMessage

TEMPLATES = Path(__file__).parent / "templates"


def render(template: str, to: str, **values: str) -> EmailMessage:
    subject_and_text = Template((TEMPLATES / f"{template}.txt").read_text()).substitute(values)
    subject, _, text = subject_and_text.partition("\n\n")
    escaped = {key: html.escape(value) for key, value in values.items()}
    body = Template((TEMPLATES / f"{template}.html").read_text()).substitute(escaped)
    return EmailMessage(to=to, subject=subject.strip(), text=text, html=body)
