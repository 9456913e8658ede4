from dataclasses import dataclass

from app.kernel.auth import Role
from app.kernel.clock import Clock
from app.kernel.events import EventPublisher
from app.kernel.ids import new_id
from app.kernel.transaction import Transaction
from app.modules.user.api.events import UserRegistered
from app.modules.user.domain.errors import EmailAlreadyTakenError
from app.modules.user.domain.user import User
from app.modules.user.domain.values import Email, FullName, Password
from app.modules.user.ports.password_hasher import PasswordHasher
from app.modules.user.ports.repository import UserRepository


@dataclass(frozen=True, slots=True)
class RegisterUserRequest:
    email: str
    password: str
    full_name: str


class RegisterUser:
    """Create an account with the `user` role.

    The email is trimmed and lower-cased, so it is unique whatever its case; the password
    needs 12 to 128 characters and is stored only as an Argon2 hash. Registering an email
    that exists answers 409, even when two registrations race. Other modules learn of
    the account from the UserRegistered event (a welcome email, for one).
    """

    def __init__(
        self,
        users: UserRepository,
        hasher: PasswordHasher,
        clock: Clock,
        transaction: Transaction,
        events: EventPublisher,
    ) -> None:
        self._users = users
        self._hasher = hasher
        self._clock = clock
        self._transaction = transaction
        self._events = events

    async def __call__(self, request: RegisterUserRequest) -> User:
        email = Email(request.email)
        password = Password(request.password)
        full_name = FullName(request.full_name)
        # A cheap early answer; the repository's unique index settles a race.
        if await self._users.get_by_email(email) is not None:
            raise EmailAlreadyTakenError
        now = self._clock.now()
        user = User(
            id=new_id(),
            email=email,
            full_name=full_name,
            password_hash=await self._hasher.hash(password),  # slow: outside the transaction
            role=Role.USER,
            created_at=now,
            updated_at=now,
        )
        registered = UserRegistered(
            occurred_at=now, user_id=user.id, email=email.value, full_name=full_name.value
        )

        async def save() -> None:  # the account and its event, or neither
            await self._users.add(user)
            await self._events.publish(registered)

        await self._transaction(save)
        return user
