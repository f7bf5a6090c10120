"""The error hierarchy and how field problems are gathered into one ``InvalidInput``."""

from __future__ import annotations

import pytest

from domain.errors import (
    AlreadyExists,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    Unauthenticated,
    all_valid,
    require_valid,
)


@pytest.mark.parametrize("kind", [Forbidden, Unauthenticated, Conflict, PreconditionFailed])
def test_every_domain_error_keeps_its_message(kind: type[DomainError]) -> None:
    error = kind("the message")
    assert isinstance(error, DomainError)
    assert error.message == "the message"
    assert str(error) == "the message"


def test_not_found_names_the_resource_and_its_key() -> None:
    error = NotFound("article", "how-to")
    assert isinstance(error, DomainError)
    assert (error.resource, error.key) == ("article", "how-to")
    assert error.message == "article 'how-to' not found"


def test_already_exists_names_the_field_and_says_it_is_taken() -> None:
    error = AlreadyExists("email")
    assert (error.field, error.fields, error.detail, error.message) == (
        "email",
        ("email",),
        "has already been taken",
        "email has already been taken",
    )


def test_already_exists_accepts_its_own_detail() -> None:
    error = AlreadyExists("slug", message="is in use")
    assert error.message == "slug is in use"
    assert error.detail == "is in use"


def test_already_exists_names_every_taken_field_the_first_as_field() -> None:
    error = AlreadyExists("email", "username")
    assert (error.field, error.fields) == ("email", ("email", "username"))
    assert error.message == "email has already been taken; username has already been taken"


def test_already_exists_needs_a_field() -> None:
    with pytest.raises(TypeError):
        AlreadyExists()


def test_invalid_input_keeps_messages_per_field_and_summarizes_them() -> None:
    error = InvalidInput({"email": ["is invalid"], "password": ["can't be blank", "x"]})
    assert error.errors == {"email": ("is invalid",), "password": ("can't be blank", "x")}
    assert error.message == "email: is invalid; password: can't be blank, x"


def test_invalid_input_drops_fields_without_messages() -> None:
    error = InvalidInput({"email": [], "bio": ["is too long"]})
    assert error.errors == {"bio": ("is too long",)}


def test_invalid_input_without_any_message_says_invalid_input() -> None:
    assert InvalidInput({}).message == "invalid input"


def test_invalid_input_for_one_field() -> None:
    error = InvalidInput.field("username", "cannot follow yourself")
    assert error.errors == {"username": ("cannot follow yourself",)}


def test_require_valid_passes_when_no_field_has_problems() -> None:
    require_valid(email=[], username=())


def test_require_valid_reports_every_field_with_problems_together() -> None:
    with pytest.raises(InvalidInput) as caught:
        require_valid(email=["is invalid"], username=[], password=["can't be blank"])
    assert caught.value.errors == {"email": ("is invalid",), "password": ("can't be blank",)}


def _refused(field: str, message: str) -> str:
    raise InvalidInput.field(field, message)


def test_all_valid_returns_every_value_in_order() -> None:
    assert all_valid(lambda: 1, lambda: "two", lambda: None) == (1, "two", None)


def test_all_valid_reports_every_refused_build_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        all_valid(
            lambda: _refused("email", "is invalid"),
            lambda: "fine",
            lambda: _refused("password", "can't be blank"),
        )
    assert caught.value.errors == {"email": ("is invalid",), "password": ("can't be blank",)}


def test_all_valid_merges_problems_two_builds_report_for_one_field() -> None:
    with pytest.raises(InvalidInput) as caught:
        all_valid(lambda: _refused("body", "is blank"), lambda: _refused("body", "is odd"))
    assert caught.value.errors == {"body": ("is blank", "is odd")}


def test_all_valid_lets_other_errors_through() -> None:
    def broken() -> int:
        raise Forbidden("not yours")

    with pytest.raises(Forbidden):
        all_valid(broken, lambda: _refused("email", "is invalid"))
