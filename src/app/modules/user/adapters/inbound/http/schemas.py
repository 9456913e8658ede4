"""Request and response bodies of the user API. Requests are strict: no coercion, no
unknown fields. The use cases check values with the domain's value objects (422); the
JSON Schema says as much of their rules as a schema can (patterns, lengths), so that
clients generated from it send what the service accepts."""

from datetime import datetime
from typing import Annotated, Any, Literal, Self
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator, model_validator
from pydantic.config import JsonDict

from app.kernel.auth import Role
from app.kernel.text import NAME_PATTERN
from app.modules.user.domain.user import User
from app.modules.user.domain.values import FullName, Password

_STRICT = ConfigDict(strict=True, extra="forbid")
# What JSON Schema can say of the value objects' rules. An address's canonical form
# (case, Unicode and IDNA folding) is beyond a pattern: `format: email` documents it.
_EMAIL: JsonDict = {"format": "email", "examples": ["ada@example.com"]}
_NOT_ONLY_SPACES = r"\S"
_PASSWORD_MIN, _PASSWORD_MAX = Password.MIN_LENGTH, Password.MAX_LENGTH


class RegisterUserIn(BaseModel):
    model_config = _STRICT

    email: str = Field(max_length=254, json_schema_extra=_EMAIL)
    password: str = Field(
        min_length=_PASSWORD_MIN,
        max_length=_PASSWORD_MAX,
        pattern=_NOT_ONLY_SPACES,
        examples=["correct horse battery staple"],
    )
    full_name: str = Field(
        min_length=1,
        max_length=FullName.MAX_LENGTH,
        pattern=NAME_PATTERN,
        examples=["Ada Lovelace"],
    )


def _string(minimum: int, maximum: int, pattern: str | None = None, **more: str) -> Any:
    """The schema of a field that may be left out but not sent as null."""
    schema: JsonDict = {"type": "string", "minLength": minimum, "maxLength": maximum, **more}
    if pattern is not None:
        schema["pattern"] = pattern
    return WithJsonSchema(schema)


class UpdateUserIn(BaseModel):
    """At least one of `full_name` and `password`; a field may be left out, not null."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["full_name"]}, {"required": ["password"]}]},
    )

    full_name: Annotated[str | None, _string(1, FullName.MAX_LENGTH, NAME_PATTERN)] = Field(
        default=None, min_length=1, max_length=FullName.MAX_LENGTH, pattern=NAME_PATTERN
    )
    password: Annotated[str | None, _string(_PASSWORD_MIN, _PASSWORD_MAX, _NOT_ONLY_SPACES)] = (
        Field(
            default=None,
            min_length=_PASSWORD_MIN,
            max_length=_PASSWORD_MAX,
            pattern=_NOT_ONLY_SPACES,
        )
    )
    current_password: Annotated[
        str | None,
        _string(
            1, _PASSWORD_MAX, description="Your current password: required to change your own."
        ),
    ] = Field(default=None, min_length=1, max_length=_PASSWORD_MAX)

    @field_validator("full_name", "password", "current_password", mode="before")
    @classmethod
    def _no_null(cls, value: object) -> object:
        # Defaults are not validated: a None here was sent as null.
        if value is None:
            raise ValueError("Leave the field out rather than send null.")
        return value

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

    email: str = Field(max_length=254, json_schema_extra=_EMAIL)


class PasswordResetConfirmIn(BaseModel):
    model_config = _STRICT

    token: str = Field(min_length=1, max_length=128, description="From the reset link.")
    new_password: str = Field(
        min_length=_PASSWORD_MIN, max_length=_PASSWORD_MAX, pattern=_NOT_ONLY_SPACES
    )
