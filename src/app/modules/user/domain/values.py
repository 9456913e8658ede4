"""Value objects of the user module. Each validates itself on construction."""

import re
import unicodedata
from dataclasses import dataclass

from app.modules.user.domain.errors import (
    InvalidEmailError,
    InvalidFullNameError,
    WeakPasswordError,
)

# Pragmatic address check (RFC 5321 lengths, one @, a dotted domain); deliverability is
# proved by sending mail, not by a regular expression.
_EMAIL = re.compile(r"^[^@\s]{1,64}@(?=.{1,253}$)[^@\s.]+(\.[^@\s.]+)+$")


@dataclass(frozen=True, slots=True)
class Email:
    """An email address, normalized: trimmed and lower-cased, so that comparison and the
    database's unique index are case-insensitive."""

    value: str

    def __post_init__(self) -> None:
        normalized = unicodedata.normalize("NFC", self.value).strip().lower()
        valid = len(normalized) <= 254 and normalized.isprintable() and _EMAIL.match(normalized)
        if not valid:
            raise InvalidEmailError("Enter a valid email address, like ada@example.com.")
        object.__setattr__(self, "value", normalized)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Password:
    """A plaintext password that meets the policy: 12 to 128 characters, not only spaces.
    Never stored or logged; its repr hides it."""

    MIN_LENGTH = 12
    MAX_LENGTH = 128

    value: str

    def __post_init__(self) -> None:
        if not self.MIN_LENGTH <= len(self.value) <= self.MAX_LENGTH:
            raise WeakPasswordError(
                f"Use {self.MIN_LENGTH} to {self.MAX_LENGTH} characters for the password."
            )
        if not self.value.strip():
            raise WeakPasswordError("The password cannot be only spaces.")

    def __repr__(self) -> str:
        return "Password('********')"


@dataclass(frozen=True, slots=True)
class FullName:
    """A person's name as they write it: trimmed, 1 to 100 printable characters."""

    MAX_LENGTH = 100

    value: str

    def __post_init__(self) -> None:
        trimmed = " ".join(self.value.split())
        if not 1 <= len(trimmed) <= self.MAX_LENGTH:
            raise InvalidFullNameError(f"Enter a name of 1 to {self.MAX_LENGTH} characters.")
        if not trimmed.isprintable():
            raise InvalidFullNameError("The name cannot contain control characters.")
        object.__setattr__(self, "value", trimmed)

    def __str__(self) -> str:
        return self.value
