import pytest

from app.kernel.auth import Role
from app.modules.user.adapters.outbound.argon2_hasher import Argon2PasswordHasher
from app.modules.user.adapters.outbound.memory import InMemoryUserRepository
from app.modules.user.application.register_user import RegisterUser, RegisterUserRequest
from app.modules.user.domain.errors import (
    EmailAlreadyTakenError,
    InvalidEmailError,
    WeakPasswordError,
)
from app.modules.user.domain.values import Email
from tests.factories import T0
from tests.unit.user.conftest import PASSWORD


async def test_register_stores_a_user_with_a_normalized_email_and_a_hashed_password(
    register: RegisterUser, users: InMemoryUserRepository, hasher: Argon2PasswordHasher
) -> None:
    user = await register(RegisterUserRequest(" Ada@Example.com ", PASSWORD, " Ada  Lovelace "))

    stored = await users.get(user.id)
    assert stored is not None
    assert (stored.email.value, stored.full_name.value) == ("ada@example.com", "Ada Lovelace")
    assert (stored.role, stored.version, stored.created_at) == (Role.USER, 1, T0)
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert await hasher.verify(PASSWORD, stored.password_hash)


async def test_register_rejects_an_email_already_taken_in_any_case(
    register: RegisterUser, users: InMemoryUserRepository
) -> None:
    await register(RegisterUserRequest("ada@example.com", PASSWORD, "Ada"))

    with pytest.raises(EmailAlreadyTakenError):
        await register(RegisterUserRequest("ADA@EXAMPLE.COM", PASSWORD, "Impostor"))

    stored = await users.get_by_email(Email("ada@example.com"))
    assert stored is not None
    assert stored.full_name.value == "Ada"


async def test_register_rejects_a_weak_password_and_stores_nothing(
    register: RegisterUser, users: InMemoryUserRepository
) -> None:
    with pytest.raises(WeakPasswordError):
        await register(RegisterUserRequest("ada@example.com", "short", "Ada"))

    assert await users.list_page(limit=10) == []


async def test_register_rejects_an_invalid_email(register: RegisterUser) -> None:
    with pytest.raises(InvalidEmailError):
        await register(RegisterUserRequest("not-an-email", PASSWORD, "Ada"))
