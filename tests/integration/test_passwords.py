"""The argon2id password hasher: correctness, refusal of bad hashes, and work kept off the loop."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import argon2
import pytest

from adapters.persistence.memory import MemoryDatabase
from adapters.security.passwords import Argon2PasswordHasher, hashing_threads
from adapters.security.tokens import JwtTokenService
from application.users import Registration, Users
from tests.support.clock import TestClock

LOW_COST = {"time_cost": 1, "memory_kib": 8, "parallelism": 1}
PASSWORD = "correct horse battery staple"


@pytest.fixture
def hasher() -> Iterator[Argon2PasswordHasher]:
    hasher = Argon2PasswordHasher(**LOW_COST)
    yield hasher
    hasher.close()


async def test_a_hash_verifies_with_the_same_password(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash(PASSWORD)

    assert await hasher.verify(password_hash, PASSWORD) is True


async def test_a_wrong_password_does_not_verify(hasher: Argon2PasswordHasher) -> None:
    password_hash = await hasher.hash(PASSWORD)

    assert await hasher.verify(password_hash, PASSWORD + "!") is False
    assert await hasher.verify(password_hash, "") is False


@pytest.mark.parametrize(
    ("cost", "encoded"),
    [
        ({"time_cost": 1, "memory_kib": 8, "parallelism": 1}, "m=8,t=1,p=1"),
        ({"time_cost": 2, "memory_kib": 32, "parallelism": 2}, "m=32,t=2,p=2"),
    ],
)
async def test_the_hash_is_argon2id_with_the_configured_cost(
    cost: dict[str, int], encoded: str
) -> None:
    hasher = Argon2PasswordHasher(**cost)
    try:
        password_hash = await hasher.hash(PASSWORD)
    finally:
        hasher.close()

    assert password_hash.startswith(f"$argon2id$v=19${encoded}$")
    assert PASSWORD not in password_hash


async def test_the_same_password_hashes_differently_each_time(
    hasher: Argon2PasswordHasher,
) -> None:
    assert await hasher.hash(PASSWORD) != await hasher.hash(PASSWORD)


async def test_a_password_with_a_lone_surrogate_round_trips(hasher: Argon2PasswordHasher) -> None:
    odd = "pass\ud800word"
    password_hash = await hasher.hash(odd)

    assert await hasher.verify(password_hash, odd) is True
    assert await hasher.verify(password_hash, "pass\ud801word") is False


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "not a hash",
        "$argon2id$",
        "$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$bm90IGEgcmVhbCBoYXNo",
        "$argon2id$v=19$m=8,t=1,p=1$é$é",
        "$2b$12$abcdefghijklmnopqrstuuJ7mDZbq1Y7zv2QJYzD7d8sC8rCw5W6W",
    ],
)
async def test_an_unreadable_hash_does_not_verify(
    hasher: Argon2PasswordHasher, garbage: str
) -> None:
    assert await hasher.verify(garbage, PASSWORD) is False


async def test_a_hash_of_another_argon2_variant_does_not_verify(
    hasher: Argon2PasswordHasher,
) -> None:
    argon2i = argon2.PasswordHasher(
        time_cost=1, memory_cost=8, parallelism=1, type=argon2.Type.I
    ).hash(PASSWORD)

    assert await hasher.verify(argon2i, PASSWORD) is False


async def test_no_account_verifies_false_after_a_real_check_with_the_same_cost(
    hasher: Argon2PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_hash = await hasher.hash(PASSWORD)
    checked: list[str] = []
    original = argon2.PasswordHasher.verify

    def spy(self: argon2.PasswordHasher, hash: str | bytes, password: str | bytes) -> Any:
        checked.append(hash if isinstance(hash, str) else hash.decode())
        return original(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "verify", spy)

    assert await hasher.verify(None, PASSWORD) is False
    assert await hasher.verify(None, "") is False

    assert len(checked) == 2, "each unknown-account check must run a full argon2 verification"
    parameters = real_hash.split("$")[3]
    assert all(h.split("$")[3] == parameters for h in checked)
    assert checked[0] == checked[1], "the decoy hash is made once and reused"


async def test_hashing_and_verifying_run_on_the_hasher_s_own_threads(
    hasher: Argon2PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    original_hash, original_verify = argon2.PasswordHasher.hash, argon2.PasswordHasher.verify

    def hash_spy(self: argon2.PasswordHasher, password: str | bytes, **kw: Any) -> str:
        threads.append(threading.current_thread())
        return original_hash(self, password, **kw)

    def verify_spy(self: argon2.PasswordHasher, hash: str | bytes, password: str | bytes) -> Any:
        threads.append(threading.current_thread())
        return original_verify(self, hash, password)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", hash_spy)
    monkeypatch.setattr(argon2.PasswordHasher, "verify", verify_spy)

    await hasher.verify(await hasher.hash(PASSWORD), PASSWORD)

    assert len(threads) == 2
    assert all(thread is not threading.current_thread() for thread in threads)
    assert all(thread.name.startswith("argon2") for thread in threads)


async def test_the_event_loop_keeps_running_while_a_hash_is_computed(
    hasher: Argon2PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    original = argon2.PasswordHasher.hash

    def gated(self: argon2.PasswordHasher, password: str | bytes, **kw: Any) -> str:
        # On the loop's own thread this would wait out the timeout: nothing could set the event.
        if not release.wait(timeout=5):
            raise AssertionError("hashing blocked the event loop")
        return original(self, password, **kw)

    monkeypatch.setattr(argon2.PasswordHasher, "hash", gated)
    pending = asyncio.create_task(hasher.hash(PASSWORD))
    await asyncio.sleep(0.01)

    assert not pending.done()
    release.set()
    assert (await asyncio.wait_for(pending, timeout=5)).startswith("$argon2id$")


async def test_needs_rehash_tells_hashes_made_with_other_parameters(
    hasher: Argon2PasswordHasher,
) -> None:
    stronger = Argon2PasswordHasher(time_cost=2, memory_kib=16, parallelism=1)
    try:
        old_hash = await hasher.hash(PASSWORD)

        assert hasher.needs_rehash(old_hash) is False
        assert stronger.needs_rehash(old_hash) is True
        assert stronger.needs_rehash("garbage") is True
    finally:
        stronger.close()


async def test_a_login_after_the_cost_was_raised_stores_a_hash_with_the_new_cost(
    hasher: Argon2PasswordHasher,
) -> None:
    database, clock = MemoryDatabase(), TestClock()
    tokens = JwtTokenService(
        secret="integration-tests-only-secret-32b!",
        algorithm="HS256",
        ttl=timedelta(hours=1),
        clock=clock,
    )
    before = Users(uow=database.unit_of_work, hasher=hasher, tokens=tokens, clock=clock)
    account = await before.register(
        Registration(username="ann", email="ann@example.com", password=PASSWORD)
    )
    user_id = before.authenticate(account.token)

    async def stored_hash() -> str:
        async with database.unit_of_work() as uow:
            user = await uow.users.by_id(user_id)
        assert user is not None
        return user.password_hash

    assert (await stored_hash()).startswith("$argon2id$v=19$m=8,t=1,p=1$")
    raised = Argon2PasswordHasher(time_cost=2, memory_kib=16, parallelism=1)
    try:
        after = Users(uow=database.unit_of_work, hasher=raised, tokens=tokens, clock=clock)
        await after.login(email="ann@example.com", password=PASSWORD)
        rehashed = await stored_hash()
        await after.login(email="ann@example.com", password=PASSWORD)
        assert await stored_hash() == rehashed, "a hash with the current cost is kept"
    finally:
        raised.close()

    assert rehashed.startswith("$argon2id$v=19$m=16,t=2,p=1$")
    assert await hasher.verify(rehashed, PASSWORD)


@pytest.mark.parametrize(
    ("time_cost", "memory_kib", "parallelism"), [(0, 8, 1), (1, 8, 0), (1, 8, 2), (1, 31, 4)]
)
def test_parameters_argon2_cannot_use_are_refused_up_front(
    time_cost: int, memory_kib: int, parallelism: int
) -> None:
    with pytest.raises(ValueError, match="argon2"):
        Argon2PasswordHasher(time_cost=time_cost, memory_kib=memory_kib, parallelism=parallelism)


def test_hashing_leaves_a_core_for_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1}, raising=False)
    assert hashing_threads() == 1
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0, 1, 2, 3}, raising=False)
    assert hashing_threads() == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: {0}, raising=False)
    assert hashing_threads() == 1
