"""Value objects of the user module. Each validates itself on construction."""

import re
import unicodedata
from dataclasses import dataclass

import idna

from app.kernel.text import has_forbidden_characters
from app.modules.user.domain.errors import (
    InvalidEmailError,
    InvalidFullNameError,
    WeakPasswordError,
)

# Pragmatic address check on the canonical form (RFC 5321 lengths, one @, a dotted
# domain); deliverability is proved by sending mail, not by a regular expression.
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")
_INVALID_EMAIL = "Enter a valid email address, like ada@example.com."


@dataclass(frozen=True, slots=True)
class Email:
    """An email address in its canonical form, so that one mailbox is one account
    however it is typed (the README states the policy):

    - Unicode compatibility forms and case are folded (NFKC, case folding): fullwidth
      `ADA@example.com` typed in fullwidth letters and `Ada@Example.com` are
      `ada@example.com`;
    - the domain is kept as IDNA A-labels: `bücher.example` is `xn--bcher-kva.example`;
    - a local part or domain label mixing scripts (Latin with Cyrillic, say) is refused:
      such look-alikes of another address are spoofing, not a person's address; so are
      invisible characters (format, private-use and unassigned code points).
    """

    value: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", canonical_email(self.value))

    def __str__(self) -> str:
        return self.value


def canonical_email(raw: str) -> str:
    """The canonical form of an address, or InvalidEmailError."""
    trimmed = raw.strip()
    if has_forbidden_characters(trimmed):
        raise InvalidEmailError(_INVALID_EMAIL)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", trimmed).casefold())
    local, at, domain = folded.rpartition("@")
    if not at or not local or not domain:
        raise InvalidEmailError(_INVALID_EMAIL)
    try:
        ascii_domain = idna.encode(domain, uts46=True).decode("ascii")
        labels = idna.decode(ascii_domain).split(".")
    except (idna.IDNAError, UnicodeError):
        raise InvalidEmailError(_INVALID_EMAIL) from None
    if mixes_scripts(local) or any(mixes_scripts(label) for label in labels):
        raise InvalidEmailError(
            "This address mixes alphabets (like Latin and Cyrillic letters); "
            "use the address as your mail provider spells it."
        )
    canonical = f"{local}@{ascii_domain}"
    invisible = any(unicodedata.category(ch).startswith("C") for ch in local)
    if invisible or len(canonical) > 254 or not _EMAIL.fullmatch(canonical):
        raise InvalidEmailError(_INVALID_EMAIL)
    return canonical


# Scripts that Chinese, Japanese and Korean writing combine, with or without Latin
# (the "highly restrictive" profile of Unicode Technical Standard #39).
_COMBINABLE = (
    {"CJK", "HIRAGANA", "KATAKANA"},
    {"CJK", "BOPOMOFO"},
    {"CJK", "HANGUL"},
)


def mixes_scripts(text: str) -> bool:
    """Whether the letters of `text` come from more than one script, other than Latin
    with the scripts of Chinese, Japanese or Korean writing. A letter's script is the
    first word of its Unicode name (LATIN, CYRILLIC, GREEK, CJK, HIRAGANA...); digits,
    punctuation and combining marks belong to every script."""
    scripts = {
        unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
        for ch in text
        if unicodedata.category(ch).startswith("L")
    }
    if len(scripts) <= 1:
        return False
    others = scripts - {"LATIN"}
    return not any(others <= allowed for allowed in _COMBINABLE)


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
    """A person's name as they write it, any script: runs of whitespace become one space,
    1 to 100 characters, no control characters or direction overrides."""

    MAX_LENGTH = 100

    value: str

    def __post_init__(self) -> None:
        if has_forbidden_characters(self.value):
            raise InvalidFullNameError(
                "The name cannot contain control characters or direction overrides."
            )
        trimmed = " ".join(self.value.split())
        if not 1 <= len(trimmed) <= self.MAX_LENGTH:
            raise InvalidFullNameError(f"Enter a name of 1 to {self.MAX_LENGTH} characters.")
        object.__setattr__(self, "value", trimmed)

    def __str__(self) -> str:
        return self.value
