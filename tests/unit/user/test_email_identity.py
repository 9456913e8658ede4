"""One mailbox, one account: the spellings of an address that fold into one, and the
look-alikes that are refused."""

import pytest

from app.modules.user.domain.errors import InvalidEmailError
from app.modules.user.domain.values import Email, mixes_scripts


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("ADA@EXAMPLE.COM", "ada@example.com"),
        ("\uff21\uff24\uff21@example.com", "ada@example.com"),  # fullwidth ADA
        ("ada@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "ada@example.com"),
        ("\ufb01le@example.com", "file@example.com"),  # the "fi" ligature
        ("STRASSE@example.de", "strasse@example.de"),
        ("stra\u00dfe@example.de", "strasse@example.de"),  # sharp s folds to ss
        ("ada@b\u00fccher.example", "ada@xn--bcher-kva.example"),  # IDNA U-label
        ("ada@XN--BCHER-KVA.example", "ada@xn--bcher-kva.example"),  # its A-label
        ("jose\u0301@example.com", "jos\u00e9@example.com"),  # decomposed accent
        ("\u0438\u0432\u0430\u043d@example.ru", "\u0438\u0432\u0430\u043d@example.ru"),
        ("\u5c71\u7530@example.jp", "\u5c71\u7530@example.jp"),  # Han
        ("\u3084\u307e\u3060taro@example.jp", "\u3084\u307e\u3060taro@example.jp"),  # kana+Latin
    ],
)
def test_every_spelling_of_an_address_folds_into_one(typed: str, canonical: str) -> None:
    assert Email(typed).value == canonical
    assert Email(canonical) == Email(typed)


@pytest.mark.parametrize(
    "look_alike",
    [
        "\u0440\u0430ypal@example.com",  # Cyrillic "ra" + Latin "ypal": paypal
        "ada@ex\u0430mple.com",  # a Cyrillic "a" in a Latin domain label
        "ad\u03b1@example.com",  # a Greek alpha in a Latin name
        "a\u200bda@example.com",  # a zero-width space
        "a\u200dda@example.com",  # a zero-width joiner
        "ada\u202e@example.com",  # a right-to-left override
        "a\ue000da@example.com",  # a private-use character
    ],
)
def test_look_alikes_mixing_scripts_or_hiding_characters_are_refused(look_alike: str) -> None:
    with pytest.raises(InvalidEmailError):
        Email(look_alike)


def test_an_address_wholly_in_another_script_is_a_real_address() -> None:
    # Cyrillic "ace" (U+0430 U+0441 U+0435) looks like Latin "ace", yet it is a mailbox
    # of its own in one script: kept, as the README's policy says.
    cyrillic_ace = "\u0430\u0441\u0435"

    assert Email(f"{cyrillic_ace}@example.com").value == f"{cyrillic_ace}@example.com"
    assert Email(f"{cyrillic_ace}@example.com") != Email("ace@example.com")
    assert not mixes_scripts(cyrillic_ace)
    assert mixes_scripts("\u0430ce")


def test_a_domain_that_idna_refuses_is_no_address() -> None:
    for address in ("ada@ab--cd.com", "ada@exa_mple.com", "ada@\U0001f600.com"):
        with pytest.raises(InvalidEmailError):
            Email(address)
