"""Logging in by email or username, and the rule that changing the email or the password needs the
current password (the policy ``/api/v1``'s ``PATCH /me`` follows)."""

from __future__ import annotations

import pytest

from application.users import AccountChanges
from domain.errors import InvalidInput, Unauthenticated
from domain.users import UNSET
from tests.unit.application.harness import App, Member


async def test_sign_in_takes_the_email_or_the_username_ignoring_case(app: App, ann: Member) -> None:
    for login in (ann.username.upper(), f"  {ann.email.upper()} "):
        account = await app.users.sign_in(login=login, password=ann.password)
        assert app.tokens.verify(account.token) == ann.id


async def test_sign_in_refuses_an_unknown_login_and_a_wrong_password_alike(
    app: App, ann: Member
) -> None:
    with pytest.raises(Unauthenticated) as unknown:
        await app.users.sign_in(login="nobody", password=ann.password)
    with pytest.raises(Unauthenticated) as wrong:
        await app.users.sign_in(login=ann.username, password="not the password")

    assert unknown.value.message == wrong.value.message


async def test_sign_in_with_blank_fields_names_both(app: App) -> None:
    with pytest.raises(InvalidInput) as invalid:
        await app.users.sign_in(login=" ", password="")

    assert set(invalid.value.errors) == {"login", "password"}


async def test_changing_the_password_without_the_current_one_changes_nothing(
    app: App, ann: Member
) -> None:
    before = await app.stored_user(ann.id)

    with pytest.raises(InvalidInput) as invalid:
        await app.users.change(
            ann.id, AccountChanges(password="a brand new one"), current_password=None
        )

    assert set(invalid.value.errors) == {"current_password"}
    assert (await app.stored_user(ann.id)).password_hash == before.password_hash


async def test_a_wrong_current_password_is_reported_with_the_changes_own_problems(
    app: App, ann: Member
) -> None:
    with pytest.raises(InvalidInput) as invalid:
        await app.users.change(
            ann.id,
            AccountChanges(email="new@example.com", username="x"),
            current_password="not it",
        )

    assert set(invalid.value.errors) == {"current_password", "username"}
    assert (await app.stored_user(ann.id)).email.value == ann.email


async def test_with_the_current_password_the_email_changes(app: App, ann: Member) -> None:
    account = await app.users.change(
        ann.id, AccountChanges(email="new@example.com"), current_password=ann.password
    )

    assert account.email == "new@example.com"


async def test_other_fields_and_the_same_email_need_no_current_password(
    app: App, ann: Member
) -> None:
    account = await app.users.change(
        ann.id,
        AccountChanges(email=ann.email.upper(), bio="hello", image=UNSET),
        current_password=None,
    )

    assert account.bio == "hello"
