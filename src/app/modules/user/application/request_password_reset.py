from app.kernel.clock import Clock
from app.kernel.events import EventPublisher
from app.kernel.transaction import Transaction
from app.modules.user.api.events import PasswordResetRequested
from app.modules.user.domain.errors import InvalidEmailError
from app.modules.user.domain.values import Email
from app.modules.user.ports.repository import UserRepository


class RequestPasswordReset:
    """Ask for a link to reset a forgotten password; it goes to the account's email.

    The answer is 202 whatever the email, at once: it is handled after the answer is
    sent, so neither the answer nor its timing tells whether an account exists. The
    link works once, for 30 minutes, and only the latest link of an account works.
    """

    def __init__(
        self,
        users: UserRepository,
        clock: Clock,
        transaction: Transaction,
        events: EventPublisher,
    ) -> None:
        self._users = users
        self._clock = clock
        self._transaction = transaction
        self._events = events

    async def __call__(self, email: str) -> None:
        try:
            user = await self._users.get_by_email(Email(email))
        except InvalidEmailError:
            return
        if user is None:
            return
        requested = PasswordResetRequested(
            occurred_at=self._clock.now(),
            user_id=user.id,
            email=user.email.value,
            full_name=user.full_name.value,
        )
        await self._transaction(lambda: self._events.publish(requested))
