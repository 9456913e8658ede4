"""Driving adapter: the user module's events, each run by its use case."""

from collections.abc import Sequence
from typing import Any

from app.infra.events.bus import Subscription
from app.modules.notifications.application.send_password_changed import SendPasswordChanged
from app.modules.notifications.application.send_reset_link import SendResetLink
from app.modules.notifications.application.send_welcome import SendWelcome
from app.modules.user.api import PasswordChanged, PasswordResetRequested, UserRegistered


def subscriptions(
    welcome: SendWelcome, password_changed: SendPasswordChanged, reset_link: SendResetLink
) -> Sequence[Subscription[Any]]:
    # The names are stored with pending deliveries: keep them as they are.
    return [
        Subscription("notifications.welcome", UserRegistered, welcome),
        Subscription("notifications.password_changed", PasswordChanged, password_changed),
        Subscription("notifications.password_reset", PasswordResetRequested, reset_link),
    ]
