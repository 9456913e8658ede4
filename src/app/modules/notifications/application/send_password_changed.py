from app.modules.notifications.application.links import Links
from app.modules.notifications.application.templates import render
from app.modules.notifications.ports.email_sender import EmailSender
from app.modules.user.api import PasswordChanged


class SendPasswordChanged:
    """Tell the owner their password changed, with the way back if it was not them (on
    PasswordChanged)."""

    def __init__(self, sender: EmailSender, links: Links) -> None:
        self._sender = sender
        self._links = links

    async def __call__(self, event: PasswordChanged) -> None:
        message = render(
            "password_changed",
            event.email,
            app=self._links.app,
            name=event.full_name,
            email=event.email,
            reset_url=self._links.reset_url,
        )
        await self._sender.send(message)
