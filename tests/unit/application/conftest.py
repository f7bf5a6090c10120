"""Fixtures for the use-case tests: a fresh core per test; one fast hasher for the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.persistence.memory import MemoryDatabase
from adapters.security.passwords import Argon2PasswordHasher
from tests.support.clock import TestClock
from tests.unit.application.harness import App, Member


@pytest.fixture(scope="session")
def hasher() -> Iterator[Argon2PasswordHasher]:
    """Real Argon2id with the cheapest parameters it allows, so hashing costs next to nothing."""
    fast = Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1, max_workers=1)
    yield fast
    fast.close()


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def app(hasher: Argon2PasswordHasher, clock: TestClock) -> App:
    return App(database=MemoryDatabase(), clock=clock, hasher=hasher)


@pytest.fixture
async def ann(app: App) -> Member:
    return await app.member()


@pytest.fixture
async def bob(app: App) -> Member:
    return await app.member()
