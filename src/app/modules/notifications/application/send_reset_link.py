from app.modules.notifications.application.links import Links
from app.modules.notifications.application.templates import render
from app.modules.notifications.ports.email_sender import EmailSender
from app.modules.user.api import PasswordResetRequested, PasswordResets


class SendResetLink:
    """Send the link of a password reset (on PasswordResetRequested).

    The token is asked of the user module now, when the link is sent: only its hash is
    ever stored, and a link sent again (a retry) replaces the one before. An account
    deleted meanwhile gets nothing.
    """

    def __init__(self, sender: EmailSender, resets: PasswordResets, links: Links) -> None:
        self._sender = sender
        self._resets = resets
        self._links = links

    async def __call__(self, event: PasswordResetRequested) -> None:
        token = await self._resets.issue(event.user_id)
        if token is None:
            return
        message = render(
            "password_reset",
            event.email,
            app=self._links.app,
            name=event.full_name,
            email=event.email,
            link=self._links.reset_link(token),
            minutes=str(self._links.reset_minutes),
        )
        await self._sender.send(message)
