"""Losing PostgreSQL, for real: backends ended under the adapter, statements past the statement
timeout, connections renewed at their maximum age, a server that refuses connections. A plain read
whose connection died is retried once on a fresh connection; anything else is ``Unavailable``,
with nothing half-written and no broken connection handed out again."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from adapters.persistence.sql import SqlDatabase
from application.ports import ArticleFilter, Persistence
from domain.errors import Unavailable
from domain.paging import PageRequest
from domain.users import User
from entrypoints.container import open_persistence
from entrypoints.settings import Settings
from tests.factories import a_user
from tests.support.faults import Backends, closed_port


def _settings(tmp_path: Path, url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "database_url": url,
        "jwt_secret_file": tmp_path / "jwt-secret",
        "db_pool_size": 2,
        "db_max_overflow": 0,
        "db_pool_timeout_seconds": 2.0,
    }
    values.update(overrides)
    return Settings.model_validate(values)


MakeAdapter = Callable[..., SqlDatabase]


@pytest.fixture
async def make_adapter(postgres_url: str, tmp_path: Path) -> AsyncIterator[MakeAdapter]:
    """Adapters as the container builds them from settings (with the given overrides), on this
    run's PostgreSQL database; made without I/O, closed at the end."""
    made: list[SqlDatabase] = []

    def make(**overrides: object) -> SqlDatabase:
        database = open_persistence(_settings(tmp_path, postgres_url, **overrides))
        assert isinstance(database, SqlDatabase)
        made.append(database)
        return database

    yield make
    for database in made:
        await database.close()


@pytest.fixture
def adapter(make_adapter: MakeAdapter) -> SqlDatabase:
    return make_adapter()


@pytest.fixture
async def backends(postgres_url: str) -> AsyncIterator[Backends]:
    """The connections the test's adapters open (they open none before the test runs)."""
    async with Backends.watching(postgres_url) as watched:
        yield watched


async def _any_read(database: Persistence) -> int:
    return (await database.reads.articles(ArticleFilter(), PageRequest(), None)).total


async def test_a_read_whose_connection_dies_under_it_is_retried_on_a_fresh_connection(
    adapter: SqlDatabase, backends: Backends
) -> None:
    await _any_read(adapter)
    first = await backends.pids()

    async with backends.locking("article"):  # the read waits: its connection dies mid-statement
        reading = asyncio.create_task(_any_read(adapter))
        await backends.wait_for_lock(first)
        await backends.end(first)
    await reading
    serving = await backends.pids()

    assert len(first) == len(serving) == 1
    assert not serving & first


async def test_connections_that_died_while_idle_are_never_handed_out_again(
    adapter: SqlDatabase, backends: Backends
) -> None:
    await asyncio.gather(_any_read(adapter), _any_read(adapter))  # two idle read connections
    ended = await backends.end_all()

    # Whether asyncpg saw them close or not, the read succeeds: on a fresh connection, not on
    # the other dead one.
    await _any_read(adapter)
    await _any_read(adapter)
    serving = await backends.pids()

    assert len(ended) == 2
    assert len(serving) == 1
    assert not serving & ended


async def _store(
    adapter: SqlDatabase, *users: User, meanwhile: Callable[[], Awaitable[object]] | None = None
) -> None:
    """Add the users in one unit of work, doing ``meanwhile`` after the first."""
    async with adapter.unit_of_work() as uow:
        for number, user in enumerate(users):
            await uow.users.add(user)
            if number == 0 and meanwhile is not None:
                await meanwhile()
        await uow.commit()


async def _stored(adapter: SqlDatabase, *users: User) -> list[User | None]:
    async with adapter.unit_of_work() as uow:
        return [await uow.users.by_id(user.id) for user in users]


async def test_a_write_that_loses_its_connection_is_unavailable_and_writes_nothing(
    adapter: SqlDatabase, backends: Backends
) -> None:
    ann, bob = a_user(), a_user()

    with pytest.raises(Unavailable, match="lost"):
        await _store(adapter, ann, bob, meanwhile=backends.end_all)
    found = await _stored(adapter, ann, bob)  # the broken connection is not handed out again

    assert found == [None, None]


async def test_a_write_whose_pooled_connection_died_while_idle_is_unavailable(
    adapter: SqlDatabase, backends: Backends
) -> None:
    ann, bob = a_user(), a_user()
    await _store(adapter, ann)
    await backends.end_all()

    with pytest.raises(Unavailable, match="lost"):
        await _store(adapter, bob)
    found = await _stored(adapter, ann, bob)

    assert [user is not None for user in found] == [True, False]


async def test_statements_past_the_statement_timeout_are_unavailable_on_both_pools(
    make_adapter: MakeAdapter, backends: Backends
) -> None:
    adapter = make_adapter(db_statement_timeout_seconds=0.2)
    author = a_user()
    await _any_read(adapter)
    opened = await backends.pids()

    # every statement on these tables waits; well before the default timeout of 5 s, the
    # configured one (0.2 s) has cancelled both
    async with backends.locking("article", "user_account"), asyncio.timeout(2):
        with pytest.raises(Unavailable, match="statement timeout"):
            await _any_read(adapter)
        with pytest.raises(Unavailable, match="statement timeout"):
            await _store(adapter, author)
    await _any_read(adapter)
    stored = await _stored(adapter, author)

    assert stored == [None]
    assert opened <= await backends.pids()  # a cancelled statement leaves its connection usable


async def test_connections_are_renewed_after_their_maximum_age_in_both_pools(
    make_adapter: MakeAdapter, backends: Backends
) -> None:
    adapter = make_adapter(db_connection_max_age_seconds=0.3)

    async def use_both_pools() -> None:
        await _any_read(adapter)
        await _stored(adapter, a_user())

    await use_both_pools()
    first = await backends.pids()
    await asyncio.sleep(0.4)
    await use_both_pools()
    await backends.wait_gone(first)
    second = await backends.pids()

    assert len(first) == len(second) == 2  # one read connection, one of the engine
    assert not first & second


async def test_a_server_that_refuses_connections_is_unavailable(tmp_path: Path) -> None:
    url = f"postgresql+asyncpg://quill@127.0.0.1:{closed_port()}/quill"
    database = open_persistence(_settings(tmp_path, url))
    try:
        with pytest.raises(Unavailable, match="cannot be reached"):
            await _any_read(database)
        with pytest.raises(Unavailable, match="cannot be reached"):
            async with database.unit_of_work():
                pass  # pragma: no cover - never entered
    finally:
        await database.close()
