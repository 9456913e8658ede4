"""Wiring of the notifications module: emails on the user module's events."""

from app.infra.config import Settings
from app.infra.modules import Module, Wiring
from app.infra.platform import Platform
from app.modules.notifications.adapters.inbound.events import subscriptions
from app.modules.notifications.adapters.outbound.files import FileEmailSender
from app.modules.notifications.adapters.outbound.smtp import SmtpEmailSender
from app.modules.notifications.application.links import Links
from app.modules.notifications.application.send_password_changed import SendPasswordChanged
from app.modules.notifications.application.send_reset_link import SendResetLink
from app.modules.notifications.application.send_welcome import SendWelcome
from app.modules.notifications.ports.email_sender import EmailSender
from app.modules.user.api import PasswordResets


def email_sender(settings: Settings) -> EmailSender:
    """SMTP when SMTP_HOST is set (required outside dev); else .eml files in MAIL_DIR."""
    if settings.smtp_host is None:
        return FileEmailSender(settings.mail_dir, settings.emails_from)
    password = settings.smtp_password.get_secret_value() if settings.smtp_password else None
    return SmtpEmailSender(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.emails_from,
        username=settings.smtp_user,
        password=password,
        tls=settings.smtp_tls,
        ssl=settings.smtp_ssl,
        timeout=settings.smtp_timeout_seconds,
    )


def wire(platform: Platform) -> Wiring:
    settings = platform.settings
    sender = email_sender(settings)
    links = Links(
        app=settings.app_name,
        reset_url=settings.password_reset_url,
        reset_minutes=settings.password_reset_ttl_minutes,
    )
    resets = platform.apis.require(PasswordResets)
    return Wiring(
        subscriptions=subscriptions(
            SendWelcome(sender, links),
            SendPasswordChanged(sender, links),
            SendResetLink(sender, resets, links),
        )
    )


module = Module(
    name="notifications",
    description="The emails the service sends: a welcome, a password-changed notice, "
    "reset links; on the user module's events.",
    wire=wire,
)
