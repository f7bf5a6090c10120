"""Users.update: each field, uniqueness, clearing bio and image, passwords, events; registered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.users import AccountChanges, ValidAccountChanges, parse_account_changes
from domain.errors import AlreadyExists, InvalidInput, Unauthenticated
from domain.events import UserUpdated
from domain.ids import new_user_id
from domain.paging import PageRequest
from domain.users import UNSET, Username
from tests.factories import account_changes
from tests.unit.application.harness import App, Member


async def test_every_field_can_change_at_once(app: App, ann: Member) -> None:
    changes = account_changes()
    account = await app.users.update(ann.id, changes)
    assert (account.email, account.username, account.bio, account.image) == (
        changes.email,
        changes.username,
        changes.bio,
        changes.image,
    )
    stored = await app.stored_user(ann.id)
    assert (stored.email.value, stored.username.value) == (changes.email, changes.username)


async def test_only_the_given_field_changes(app: App, ann: Member) -> None:
    account = await app.users.update(ann.id, AccountChanges(bio="Just the bio."))
    assert (account.email, account.username, account.bio, account.image) == (
        ann.email,
        ann.username,
        "Just the bio.",
        None,
    )


async def test_an_update_records_an_event_naming_the_changed_fields(app: App, ann: Member) -> None:
    await app.users.update(ann.id, AccountChanges(email=f"new.{ann.email}", bio="Hi"))
    [event] = app.events_of(UserUpdated)
    assert (event.user_id, event.fields) == (ann.id, ("email", "bio"))


async def test_an_update_moves_updated_at_to_now(app: App, ann: Member) -> None:
    now = app.clock.advance(timedelta(hours=2))
    await app.users.update(ann.id, AccountChanges(bio="Later"))
    stored = await app.stored_user(ann.id)
    assert stored.updated_at == now
    assert stored.created_at < now


async def test_an_update_with_the_current_values_changes_nothing(app: App, ann: Member) -> None:
    before = await app.stored_user(ann.id)
    app.clock.advance(timedelta(hours=1))
    account = await app.users.update(
        ann.id, AccountChanges(email=ann.email, username=ann.username, bio=None, image=None)
    )
    assert (account.email, account.username) == (ann.email, ann.username)
    assert (await app.stored_user(ann.id)).updated_at == before.updated_at
    assert app.events_of(UserUpdated) == []


async def test_an_empty_update_changes_nothing(app: App, ann: Member) -> None:
    account = await app.users.update(ann.id, AccountChanges())
    assert account.username == ann.username
    assert app.events_of(UserUpdated) == []


async def test_a_user_may_change_the_case_of_their_own_email_and_username(
    app: App, ann: Member
) -> None:
    account = await app.users.update(
        ann.id, AccountChanges(email=ann.email.upper(), username=ann.username.upper())
    )
    assert (account.email, account.username) == (ann.email.upper(), ann.username.upper())


@pytest.mark.parametrize(
    ("mine", "recased"),
    [("straße@example.de", "STRASSE@example.de"), ("émile@exemple.fr", "ÉMILE@EXEMPLE.FR")],
)
async def test_a_user_may_change_their_email_only_in_unicode_case(
    app: App, mine: str, recased: str
) -> None:
    member = await app.member(email=mine)
    account = await app.users.update(member.id, AccountChanges(email=recased))
    assert account.email == recased
    assert (await app.stored_user(member.id)).email.value == recased
    await app.users.login(email=mine, password=member.password)


async def test_an_email_and_a_username_both_taken_are_both_reported(
    app: App, ann: Member, bob: Member
) -> None:
    carol = await app.member()
    with pytest.raises(AlreadyExists) as caught:
        await app.users.update(
            carol.id, AccountChanges(email=ann.email.upper(), username=bob.username)
        )
    assert caught.value.fields == ("email", "username")
    assert app.events_of(UserUpdated) == []


async def test_an_email_taken_by_someone_else_is_refused(
    app: App, ann: Member, bob: Member
) -> None:
    with pytest.raises(AlreadyExists) as caught:
        await app.users.update(ann.id, AccountChanges(email=bob.email.upper(), bio="unsaved"))
    assert caught.value.field == "email"
    stored = await app.stored_user(ann.id)
    assert (stored.email.value, stored.bio) == (ann.email, None)
    assert app.events_of(UserUpdated) == []


async def test_a_username_taken_by_someone_else_is_refused(
    app: App, ann: Member, bob: Member
) -> None:
    with pytest.raises(AlreadyExists) as caught:
        await app.users.update(ann.id, AccountChanges(username=bob.username.upper()))
    assert caught.value.field == "username"
    assert (await app.stored_user(ann.id)).username.value == ann.username


async def test_every_invalid_field_is_reported_at_once(app: App, ann: Member) -> None:
    bad = AccountChanges(
        email="nope", username="a", password="short", bio="b" * 1001, image="ftp://x.example/a"
    )
    with pytest.raises(InvalidInput) as caught:
        await app.users.update(ann.id, bad)
    assert set(caught.value.errors) == {"email", "username", "password", "bio", "image"}
    assert app.events_of(UserUpdated) == []


def test_parsing_changes_leaves_unsent_fields_alone_and_keeps_none_as_clear() -> None:
    assert parse_account_changes(AccountChanges(bio=None)) == ValidAccountChanges(
        None, None, None, None, UNSET
    )
    assert parse_account_changes(AccountChanges(username=" ann ", image="")) == (
        ValidAccountChanges(Username("ann"), None, None, UNSET, None)
    )


async def test_none_clears_bio_and_image(app: App, ann: Member) -> None:
    await app.users.update(ann.id, account_changes(email=None, username=None, password=None))
    account = await app.users.update(ann.id, AccountChanges(bio=None, image=None))
    assert (account.bio, account.image) == (None, None)
    assert app.events_of(UserUpdated)[-1].fields == ("bio", "image")


@pytest.mark.parametrize("empty", ["", "   "])
async def test_an_empty_image_string_clears_the_image(app: App, ann: Member, empty: str) -> None:
    await app.users.update(ann.id, AccountChanges(image="https://img.example.com/a.png"))
    account = await app.users.update(ann.id, AccountChanges(image=empty))
    assert account.image is None
    assert (await app.stored_user(ann.id)).image is None


async def test_an_image_url_is_stored_trimmed(app: App, ann: Member) -> None:
    account = await app.users.update(ann.id, AccountChanges(image=" https://x.example/a.png "))
    assert account.image == "https://x.example/a.png"


async def test_unset_bio_and_image_keep_their_values(app: App, ann: Member) -> None:
    await app.users.update(ann.id, AccountChanges(bio="Kept", image="https://x.example/k.png"))
    account = await app.users.update(
        ann.id, AccountChanges(username=f"{ann.username}2", bio=UNSET, image=UNSET)
    )
    assert (account.bio, account.image) == ("Kept", "https://x.example/k.png")


async def test_a_new_password_works_for_login_and_the_old_one_no_longer_does(
    app: App, ann: Member
) -> None:
    await app.users.update(ann.id, AccountChanges(password="a brand new passphrase"))
    account = await app.users.login(email=ann.email, password="a brand new passphrase")
    assert account.username == ann.username
    with pytest.raises(Unauthenticated):
        await app.users.login(email=ann.email, password=ann.password)
    assert app.events_of(UserUpdated)[0].fields == ("password",)


async def test_a_new_email_is_the_one_to_log_in_with(app: App, ann: Member) -> None:
    await app.users.update(ann.id, AccountChanges(email=f"moved.{ann.email}"))
    await app.users.login(email=f"moved.{ann.email}", password=ann.password)
    with pytest.raises(Unauthenticated):
        await app.users.login(email=ann.email, password=ann.password)


async def test_updating_an_unknown_account_is_unauthenticated(app: App) -> None:
    with pytest.raises(Unauthenticated):
        await app.users.update(new_user_id(), AccountChanges(bio="ghost"))


# --- registered ----------------------------------------------------------------------------------
async def test_registered_users_are_listed_in_registration_order(app: App) -> None:
    members = [await app.member() for _ in range(3)]
    listed = await app.users.registered(PageRequest.of())
    assert [u.username for u in listed] == [m.username for m in members]
    assert [u.email for u in listed] == [m.email for m in members]
    assert listed[0].created_at < listed[1].created_at < listed[2].created_at


async def test_registered_users_are_paged(app: App) -> None:
    members = [await app.member() for _ in range(5)]
    page = await app.users.registered(PageRequest.of(limit=2, offset=1))
    assert [u.username for u in page] == [m.username for m in members[1:3]]
    assert await app.users.registered(PageRequest.of(offset=5)) == []
