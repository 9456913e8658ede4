"""Request and response bodies of the user API. Requests are strict: no coercion, no
unknown fields. The use cases check values with the domain's value objects (422)."""

from datetime import datetime
from typing import Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.kernel.auth import Role
from app.modules.user.domain.user import User
from app.modules.user.domain.values import FullName, Password

_STRICT = ConfigDict(strict=True, extra="forbid")


class RegisterUserIn(BaseModel):
    model_config = _STRICT

    email: str = Field(max_length=254, examples=["ada@example.com"])
    password: str = Field(
        min_length=Password.MIN_LENGTH,
        max_length=Password.MAX_LENGTH,
        examples=["correct horse battery staple"],
    )
    full_name: str = Field(min_length=1, max_length=FullName.MAX_LENGTH, examples=["Ada Lovelace"])


class UpdateUserIn(BaseModel):
    model_config = _STRICT

    full_name: str | None = Field(default=None, min_length=1, max_length=FullName.MAX_LENGTH)
    password: str | None = Field(
        default=None, min_length=Password.MIN_LENGTH, max_length=Password.MAX_LENGTH
    )
    current_password: str | None = Field(
        default=None,
        max_length=Password.MAX_LENGTH,
        description="Required to change your own password.",
    )

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.full_name is None and self.password is None:
            raise ValueError("Send at least one of full_name and password.")
        return self


class UserOut(BaseModel):
    id: UUID
    email: str
    full_name: str
    role: Role
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(
            id=user.id,
            email=user.email.value,
            full_name=user.full_name.value,
            role=user.role,
            created_at=user.created_at,
            updated_at=user.updated_at,
        )


class UserPageOut(BaseModel):
    items: list[UserOut]
    next_after: UUID | None = Field(
        description="Pass as `after` to get the next page; null on the last page."
    )


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(description="Gets the next pair from POST /auth/refresh, once.")
    refresh_expires_in: int = Field(description="Seconds until the refresh token expires.")


class RefreshIn(BaseModel):
    model_config = _STRICT

    refresh_token: str = Field(min_length=1, max_length=128)


class PasswordResetIn(BaseModel):
    model_config = _STRICT

    email: str = Field(min_length=1, max_length=254, examples=["ada@example.com"])


class PasswordResetConfirmIn(BaseModel):
    model_config = _STRICT

    token: str = Field(min_length=1, max_length=128, description="From the reset link.")
    new_password: str = Field(min_length=Password.MIN_LENGTH, max_length=Password.MAX_LENGTH)
