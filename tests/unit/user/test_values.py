import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.modules.user.domain.errors import (
    InvalidEmailError,
    InvalidFullNameError,
    WeakPasswordError,
)
from app.modules.user.domain.values import Email, FullName, Password

local_parts = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-",
    min_size=1,
    max_size=64,
)
# Host names as DNS has them: letters, digits, and single hyphens inside a label.
labels = st.from_regex(r"[a-zA-Z0-9]{1,12}(-[a-zA-Z0-9]{1,8})?", fullmatch=True)
domains = st.lists(labels, min_size=2, max_size=4).map(".".join)
addresses = st.builds(lambda local, domain: f"{local}@{domain}", local_parts, domains)


@given(addresses, st.sampled_from(["", " ", "\t"]))
def test_an_email_is_normalized_to_its_trimmed_lower_case_form(address: str, pad: str) -> None:
    email = Email(f"{pad}{address}{pad}")

    assert email.value == address.lower()
    assert Email(email.value) == email  # normalizing is idempotent


@given(addresses)
def test_emails_differing_only_in_case_are_equal(address: str) -> None:
    assert Email(address.upper()) == Email(address.lower())


@given(st.text(max_size=300))
def test_any_text_is_either_refused_or_a_printable_single_at_address(value: str) -> None:
    try:
        email = Email(value)
    except InvalidEmailError:
        return
    assert email.value.isprintable()
    assert email.value.count("@") == 1
    assert len(email.value) <= 254


@pytest.mark.parametrize(
    "address",
    [
        "",
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "a b@example.com",
        "ada@@example.com",
        "ada@example..com",
        "a\x00b@example.com",
        "ada@exam\nple.com",
        "a\u200bb@example.com",
        "x" * 65 + "@example.com",
        "ada@" + "a" * 250 + ".com",
    ],
)
def test_an_invalid_email_is_rejected_with_a_message_naming_the_field(address: str) -> None:
    with pytest.raises(InvalidEmailError) as caught:
        Email(address)

    assert caught.value.field == "email"
    assert "valid email" in str(caught.value)


@given(st.text(min_size=12, max_size=128).filter(lambda s: s.strip()))
def test_any_password_of_12_to_128_characters_not_only_spaces_is_accepted(value: str) -> None:
    assert Password(value).value == value


@given(st.one_of(st.text(max_size=11), st.text(min_size=129, max_size=300)))
def test_a_password_shorter_than_12_or_longer_than_128_is_rejected(value: str) -> None:
    with pytest.raises(WeakPasswordError, match="12 to 128"):
        Password(value)


def test_a_password_of_only_spaces_is_rejected() -> None:
    with pytest.raises(WeakPasswordError, match="only spaces"):
        Password(" " * 20)


def test_a_password_never_shows_in_its_repr() -> None:
    assert "hunter2hunter2" not in repr(Password("hunter2hunter2"))


@given(st.text(min_size=1, max_size=100).filter(lambda s: s.strip() and s.isprintable()))
def test_a_full_name_is_kept_with_its_whitespace_collapsed(value: str) -> None:
    assert FullName(value).value == " ".join(value.split())


@pytest.mark.parametrize("value", ["", "   ", "x" * 101, "Ada\x00Lovelace"])
def test_an_empty_overlong_or_control_character_name_is_rejected(value: str) -> None:
    with pytest.raises(InvalidFullNameError):
        FullName(value)
