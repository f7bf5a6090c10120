"""Users: registering, logging in, authenticating a token and reading the current account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.security.tokens import JwtTokenService
from application.users import (
    Credentials,
    Registration,
    ValidRegistration,
    parse_credentials,
    parse_registration,
)
from domain.errors import AlreadyExists, InvalidInput, Unauthenticated
from domain.events import UserRegistered
from domain.ids import new_user_id
from domain.users import Bio, Email, ImageUrl, Password, Username
from tests.factories import a_registration
from tests.unit.application.harness import SECRET, TOKEN_TTL, App, Member

WRONG = "email or password is invalid"


# --- register ------------------------------------------------------------------------------------
async def test_registering_returns_the_account_with_a_token_naming_the_new_user(app: App) -> None:
    registration = a_registration()
    account = await app.users.register(registration)
    assert (account.username, account.email, account.bio, account.image) == (
        registration.username,
        registration.email,
        None,
        None,
    )
    stored = await app.stored_user(app.users.authenticate(account.token))
    assert stored.username.value == registration.username


async def test_registering_records_one_user_registered_event(app: App) -> None:
    account = await app.users.register(a_registration())
    [event] = app.events()
    assert isinstance(event, UserRegistered)
    assert event.user_id == app.users.authenticate(account.token)


async def test_registering_may_give_a_bio_and_an_image(app: App) -> None:
    account = await app.users.register(
        a_registration(bio="I write.", image=" https://img.example.com/me.png ")
    )
    assert (account.bio, account.image) == ("I write.", "https://img.example.com/me.png")
    stored = await app.stored_user(app.users.authenticate(account.token))
    assert (stored.bio, stored.image) == (
        Bio("I write."),
        ImageUrl("https://img.example.com/me.png"),
    )


async def test_an_empty_image_at_registration_means_no_image(app: App) -> None:
    account = await app.users.register(a_registration(image=" "))
    assert account.image is None


async def test_registering_trims_the_username_and_email(app: App) -> None:
    account = await app.users.register(
        a_registration(username="  ann_smith ", email=" ann@example.com\n")
    )
    assert (account.username, account.email) == ("ann_smith", "ann@example.com")


async def test_the_password_is_stored_only_as_an_argon2id_hash(app: App) -> None:
    member = await app.member(password="a very secret passphrase")
    stored = await app.stored_user(member.id)
    assert stored.password_hash.startswith("$argon2id$")
    assert "a very secret passphrase" not in stored.password_hash
    assert await app.hasher.verify(stored.password_hash, "a very secret passphrase")


async def test_an_email_taken_in_another_case_is_refused(app: App, ann: Member) -> None:
    with pytest.raises(AlreadyExists) as caught:
        await app.users.register(a_registration(email=ann.email.upper()))
    assert caught.value.field == "email"
    assert len(app.events_of(UserRegistered)) == 1


async def test_a_username_taken_in_another_case_is_refused(app: App, ann: Member) -> None:
    with pytest.raises(AlreadyExists) as caught:
        await app.users.register(a_registration(username=ann.username.upper()))
    assert caught.value.field == "username"
    assert len(app.events_of(UserRegistered)) == 1


async def test_an_email_and_a_username_both_taken_are_both_reported(
    app: App, ann: Member, bob: Member
) -> None:
    with pytest.raises(AlreadyExists) as caught:
        await app.users.register(a_registration(email=ann.email, username=bob.username.upper()))
    assert caught.value.fields == ("email", "username")
    assert len(app.events_of(UserRegistered)) == 2


async def test_a_refused_registration_stores_nothing(app: App, ann: Member) -> None:
    clash = a_registration(username=ann.username)
    with pytest.raises(AlreadyExists):
        await app.users.register(clash)
    with pytest.raises(Unauthenticated):
        await app.users.login(email=clash.email, password=clash.password)


async def test_every_invalid_field_is_reported_at_once(app: App) -> None:
    with pytest.raises(InvalidInput) as caught:
        await app.users.register(Registration(username="a", email="nope", password="short"))
    assert caught.value.errors == {
        "username": ("is too short (minimum is 3 characters)",),
        "email": ("is invalid",),
        "password": ("is too short (minimum is 8 characters)",),
    }
    assert app.events() == []


async def test_a_bad_bio_and_image_are_reported_with_the_other_fields(app: App) -> None:
    bad = Registration(
        username="a", email="ok@example.com", password="short", bio="b" * 1001, image="ftp://x"
    )
    with pytest.raises(InvalidInput) as caught:
        await app.users.register(bad)
    assert caught.value.errors == {
        "username": ("is too short (minimum is 3 characters)",),
        "password": ("is too short (minimum is 8 characters)",),
        "bio": ("is too long (maximum is 1000 characters)",),
        "image": ("must be an http or https URL",),
    }
    assert app.events() == []


def test_parsing_a_registration_gives_the_values_the_use_case_stores() -> None:
    parsed = parse_registration(
        Registration(username=" ann ", email=" Ann@Example.com", password=" pass word ", bio="")
    )
    assert parsed == ValidRegistration(
        Username("ann"), Email("Ann@Example.com"), Password(" pass word "), Bio(""), None
    )


# --- login ---------------------------------------------------------------------------------------
async def test_logging_in_returns_the_account_with_a_token_for_the_same_user(
    app: App, ann: Member
) -> None:
    account = await app.users.login(email=ann.email, password=ann.password)
    assert (account.username, account.email) == (ann.username, ann.email)
    assert app.users.authenticate(account.token) == ann.id


async def test_logging_in_ignores_the_case_and_surrounding_spaces_of_the_email(
    app: App, ann: Member
) -> None:
    account = await app.users.login(email=f"  {ann.email.upper()} ", password=ann.password)
    assert account.username == ann.username


async def test_logging_in_finds_an_email_typed_in_another_unicode_form(app: App) -> None:
    member = await app.member(email="jos\u00e9@example.com")  # é as one code point
    decomposed = "jose\u0301@example.com"  # e + combining acute accent
    account = await app.users.login(email=decomposed, password=member.password)
    assert account.username == member.username


async def test_a_wrong_password_and_an_unknown_email_fail_alike(app: App, ann: Member) -> None:
    with pytest.raises(Unauthenticated) as wrong_password:
        await app.users.login(email=ann.email, password=ann.password + "!")
    with pytest.raises(Unauthenticated) as unknown_email:
        await app.users.login(email=f"x{ann.email}", password=ann.password)
    assert wrong_password.value.message == unknown_email.value.message == WRONG


async def test_the_password_is_case_sensitive(app: App) -> None:
    member = await app.member(password="Case Sensitive Pass")
    with pytest.raises(Unauthenticated, match=WRONG):
        await app.users.login(email=member.email, password="case sensitive pass")


async def test_blank_login_fields_are_invalid_input_not_a_failed_login(app: App) -> None:
    with pytest.raises(InvalidInput) as caught:
        await app.users.login(email="  ", password="")
    assert caught.value.errors == {"email": ("can't be blank",), "password": ("can't be blank",)}


def test_parsing_credentials_trims_the_email_and_keeps_the_password() -> None:
    assert parse_credentials(email=" ann@example.com ", password=" pw ") == Credentials(
        email="ann@example.com", password=" pw "
    )


async def test_logging_in_records_no_event(app: App, ann: Member) -> None:
    await app.users.login(email=ann.email, password=ann.password)
    assert len(app.events()) == 1  # ann's registration only


# --- authenticate --------------------------------------------------------------------------------
async def test_a_valid_token_names_its_user(app: App, ann: Member) -> None:
    assert app.users.authenticate(ann.token) == ann.id


@pytest.mark.parametrize("token", ["", "garbage", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_a_malformed_token_is_unauthenticated(app: App, token: str) -> None:
    with pytest.raises(Unauthenticated):
        app.users.authenticate(token)


def test_a_token_signed_with_another_secret_is_unauthenticated(app: App) -> None:
    forger = JwtTokenService(secret=SECRET[::-1], algorithm="HS256", ttl=TOKEN_TTL, clock=app.clock)
    with pytest.raises(Unauthenticated):
        app.users.authenticate(forger.issue(new_user_id()))


async def test_an_expired_token_is_unauthenticated(app: App, ann: Member) -> None:
    app.clock.advance(TOKEN_TTL + timedelta(seconds=1))
    with pytest.raises(Unauthenticated, match="expired"):
        app.users.authenticate(ann.token)


# --- current -------------------------------------------------------------------------------------
async def test_the_current_account_comes_with_the_callers_own_token(app: App, ann: Member) -> None:
    app.clock.advance(timedelta(minutes=10))  # a token minted now would differ from ann's
    account = await app.users.current(ann.id, token=ann.token)
    assert (account.username, account.email) == (ann.username, ann.email)
    assert account.token == ann.token


async def test_the_current_account_of_an_unknown_id_is_unauthenticated(app: App) -> None:
    ghost = new_user_id()
    with pytest.raises(Unauthenticated):
        await app.users.current(ghost, token=app.tokens.issue(ghost))
