from app.modules.notifications.application.links import Links
from app.modules.notifications.application.templates import render
from app.modules.notifications.ports.email_sender import EmailSender
from app.modules.user.api import UserRegistered


class SendWelcome:
    """Welcome a new user by email (on UserRegistered)."""

    def __init__(self, sender: EmailSender, links: Links) -> None:
        self._sender = sender
        self._links = links

    async def __call__(self, event: UserRegistered) -> None:
        message = render(
            "welcome", event.email, app=self._links.app, name=event.full_name, email=event.email
        )
        await self._sender.send(message)
