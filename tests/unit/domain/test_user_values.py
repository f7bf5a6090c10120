"""Account value objects: each rule, with the message for its own field."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.users import (
    UNSET,
    Bio,
    Email,
    ImageUrl,
    Password,
    Unset,
    Username,
    email_key,
    optional_bio,
    optional_image,
)

USERNAME_SHAPE = (
    "may contain only letters, digits, '_', '.' and '-', "
    "and must start and end with a letter or digit"
)


# --- username ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["ann", "Ann_Smith.1-2", "a" * 32, "007"])
def test_a_well_formed_username_is_accepted(value: str) -> None:
    assert Username(value).value == value
    assert str(Username(value)) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        ("ab", "is too short (minimum is 3 characters)"),
        ("a" * 33, "is too long (maximum is 32 characters)"),
        ("-ann", USERNAME_SHAPE),
        ("ann_", USERNAME_SHAPE),
        ("an n", USERNAME_SHAPE),
        ("änn", USERNAME_SHAPE),
        ("ann@x", USERNAME_SHAPE),
        ("an\x00n", "must not contain control characters"),
    ],
)
def test_a_malformed_username_is_refused_with_its_reason(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Username(value)
    assert caught.value.errors == {"username": (message,)}


def test_parsing_a_username_trims_it_and_keeps_its_case() -> None:
    assert Username.parse("  AnnSmith ") == Username("AnnSmith")


def test_parsing_a_malformed_username_is_refused_naming_username() -> None:
    with pytest.raises(InvalidInput) as caught:
        Username.parse("  ab ")
    assert caught.value.errors == {"username": ("is too short (minimum is 3 characters)",)}


def test_usernames_differing_only_in_case_share_one_key() -> None:
    assert Username("AnnSmith").key == Username("annsmith").key == "annsmith"


# --- email ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["ann@example.com", "Ann.Smith+news@mail.example.co.uk"])
def test_a_well_formed_email_is_accepted(value: str) -> None:
    assert str(Email(value)) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        ("ab", "is too short (minimum is 3 characters)"),
        ("ann", "is invalid"),
        ("ann@example", "is invalid"),
        ("ann@example..com", "is invalid"),
        ("a nn@example.com", "is invalid"),
        ("ann@@example.com", "is invalid"),
        ("@example.com", "is invalid"),
        ("a" * 243 + "@example.com", "is too long (maximum is 254 characters)"),
    ],
)
def test_a_malformed_email_is_refused_with_its_reason(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Email(value)
    assert caught.value.errors == {"email": (message,)}


def test_an_email_of_exactly_the_maximum_length_is_accepted() -> None:
    value = "a" * 242 + "@example.com"
    assert len(value) == Email.MAX
    assert Email(value).value == value


def test_parsing_an_email_trims_it() -> None:
    assert Email.parse(" ann@example.com\n") == Email("ann@example.com")


# --- password ------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["12345678", "x" * 128, "        ", "correct horse battery"])
def test_a_password_of_8_to_128_characters_is_accepted_untrimmed(value: str) -> None:
    assert Password.parse(value).value == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        ("1234567", "is too short (minimum is 8 characters)"),
        ("x" * 129, "is too long (maximum is 128 characters)"),
        ("pass\x00word", "must not contain control characters"),
    ],
)
def test_a_bad_password_is_refused_with_its_reason(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Password.parse(value)
    assert caught.value.errors == {"password": (message,)}


def test_a_password_reports_only_its_first_problem() -> None:
    with pytest.raises(InvalidInput) as caught:
        Password.parse("\x00" * 200)
    assert caught.value.errors == {"password": ("is too long (maximum is 128 characters)",)}


def test_a_password_never_shows_in_its_repr() -> None:
    assert "hunter2hunter2" not in repr(Password.parse("hunter2hunter2"))


# --- bio -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["", "I write.\nA lot.", "b" * 1000])
def test_a_bio_may_be_empty_or_up_to_1000_characters(value: str) -> None:
    assert Bio(value).value == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("b" * 1001, "is too long (maximum is 1000 characters)"),
        ("bell\x07", "must not contain control characters"),
    ],
)
def test_a_bad_bio_is_refused_with_its_reason(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Bio(value)
    assert caught.value.errors == {"bio": (message,)}


# --- image ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value", ["https://img.example.com/a.png", "http://localhost:8080/me.jpg?size=2"]
)
def test_an_http_or_https_image_url_is_accepted(value: str) -> None:
    assert ImageUrl(value).value == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        ("ftp://files.example.com/a.png", "must be an http or https URL"),
        ("javascript:alert(1)", "must be an http or https URL"),
        ("https://", "must be an http or https URL"),
        ("/relative/a.png", "must be an http or https URL"),
        ("https://img.example.com/a b.png", "must be an http or https URL"),
        ("https://x.io/" + "a" * 2036, "is too long (maximum is 2048 characters)"),
    ],
)
def test_a_bad_image_url_is_refused_with_its_reason(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        ImageUrl(value)
    assert caught.value.errors == {"image": (message,)}


# --- optional values and UNSET -------------------------------------------------------------------
def test_optional_bio_maps_none_to_none_and_text_to_a_bio() -> None:
    assert optional_bio(None) is None
    assert optional_bio("Hello") == Bio("Hello")
    assert optional_bio("") == Bio("")


@pytest.mark.parametrize("cleared", [None, "", "   "])
def test_optional_image_treats_none_and_blank_as_no_image(cleared: str | None) -> None:
    assert optional_image(cleared) is None


def test_parsing_an_image_url_trims_it() -> None:
    assert ImageUrl.parse(" https://img.example.com/a.png\n") == ImageUrl(
        "https://img.example.com/a.png"
    )


def test_optional_image_trims_a_given_url() -> None:
    assert optional_image(" https://img.example.com/a.png ") == ImageUrl(
        "https://img.example.com/a.png"
    )


def test_optional_image_still_checks_a_given_url() -> None:
    with pytest.raises(InvalidInput) as caught:
        optional_image("not a url")
    assert set(caught.value.errors) == {"image"}


def test_unset_is_a_falsy_singleton_distinct_from_none() -> None:
    assert Unset() is UNSET
    assert not UNSET
    assert UNSET is not None
    assert repr(UNSET) == "UNSET"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Ann@Example.COM", "ann@example.com"),
        ("ÉMILE@EXEMPLE.FR", "émile@exemple.fr"),
        ("straße@example.de", "STRASSE@EXAMPLE.DE"),
        ("jose\u0301@example.com", "JOSÉ@example.com"),  # decomposed and composed accents
    ],
)
def test_emails_differing_only_in_case_share_one_key(one: str, other: str) -> None:
    assert email_key(one) == email_key(other)
    assert Email.parse(one).key == email_key(other)


def test_different_emails_have_different_keys() -> None:
    assert email_key("ann@example.com") != email_key("anne@example.com")
