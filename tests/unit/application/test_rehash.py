"""Logging in with a hash made under other argon2 parameters stores a fresh hash, outside any
transaction and only if the stored hash is still the one verified."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from datetime import timedelta

import pytest

from adapters.security.passwords import Argon2PasswordHasher
from application.ports import PasswordHasher
from application.users import AccountChanges
from domain.errors import Unauthenticated
from tests.unit.application.harness import App, Member


@pytest.fixture
def stronger() -> Iterator[Argon2PasswordHasher]:
    """Cheap still, but with more passes than the ``hasher`` every member registers with."""
    hasher = Argon2PasswordHasher(time_cost=2, memory_kib=8, parallelism=1, max_workers=1)
    yield hasher
    hasher.close()


class HookedHasher(PasswordHasher):
    """``inner``, running ``before_hash`` each time it is asked to hash."""

    def __init__(self, inner: PasswordHasher, before_hash: Callable[[], Awaitable[None]]) -> None:
        self._inner, self._before_hash = inner, before_hash

    async def hash(self, password: str) -> str:
        await self._before_hash()
        return await self._inner.hash(password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return await self._inner.verify(password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        return self._inner.needs_rehash(password_hash)


async def test_a_login_replaces_a_hash_made_with_other_parameters(
    app: App, ann: Member, stronger: Argon2PasswordHasher
) -> None:
    before = (await app.stored_user(ann.id)).password_hash
    assert stronger.needs_rehash(before)

    account = await app.users_hashing_with(stronger).login(email=ann.email, password=ann.password)

    after = (await app.stored_user(ann.id)).password_hash
    assert account.username == ann.username
    assert after != before
    assert not stronger.needs_rehash(after)
    assert await stronger.verify(after, ann.password)


async def test_a_rehash_is_no_account_change(
    app: App, ann: Member, stronger: Argon2PasswordHasher
) -> None:
    before = await app.stored_user(ann.id)
    app.clock.advance(timedelta(hours=1))
    await app.users_hashing_with(stronger).login(email=ann.email, password=ann.password)
    assert (await app.stored_user(ann.id)).updated_at == before.updated_at
    assert len(app.events()) == 1  # ann's registration only


async def test_a_hash_made_with_the_current_parameters_is_kept(app: App, ann: Member) -> None:
    before = (await app.stored_user(ann.id)).password_hash
    await app.users.login(email=ann.email, password=ann.password)
    assert (await app.stored_user(ann.id)).password_hash == before


async def test_a_failed_login_never_rehashes(
    app: App, ann: Member, stronger: Argon2PasswordHasher
) -> None:
    before = (await app.stored_user(ann.id)).password_hash
    with pytest.raises(Unauthenticated):
        await app.users_hashing_with(stronger).login(email=ann.email, password="not the password")
    assert (await app.stored_user(ann.id)).password_hash == before


async def test_a_password_changed_while_the_fresh_hash_is_made_wins(
    app: App, ann: Member, stronger: Argon2PasswordHasher
) -> None:
    async def change_password_meanwhile() -> None:
        # Opens its own unit of work: were the login's hashing inside one, this would wait on it
        # for ever, so the wait is bounded to fail instead.
        async with asyncio.timeout(5):
            await app.users.update(ann.id, AccountChanges(password="changed meanwhile"))

    racing = app.users_hashing_with(HookedHasher(stronger, change_password_meanwhile))
    account = await racing.login(email=ann.email, password=ann.password)

    assert account.username == ann.username
    stored = (await app.stored_user(ann.id)).password_hash
    assert await app.hasher.verify(stored, "changed meanwhile")
    assert not await app.hasher.verify(stored, ann.password)
