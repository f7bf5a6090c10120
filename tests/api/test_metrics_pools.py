"""The pool gauges on SQLite and PostgreSQL: connections in use and idle move as connections are
checked out and back, on the write pool (SQLAlchemy's) and PostgreSQL's read pool; a checkout of
an exhausted pool is waiting while it waits, and counted (with its timeout, if it gives up)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from adapters.persistence.sql import SqlDatabase
from entrypoints.settings import Settings
from tests.api.conduit import Conduit, persistence_of
from tests.api.conftest import api_settings, database_url
from tests.support.metrics import Scrape, scrape, scrape_until

IN_USE, IDLE = "quill_db_pool_connections_in_use", "quill_db_pool_connections_idle"
WAITING, WAITS = "quill_db_pool_waiting", "quill_db_pool_wait_seconds_count"
TIMEOUTS = "quill_db_pool_timeouts_total"
WAIT_SECONDS = 10.0


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def pool_timeout() -> float:
    return 5.0


@pytest.fixture
def settings(
    db_kind: str, request: pytest.FixtureRequest, tmp_path: Path, pool_timeout: float
) -> Settings:
    """One connection per pool, so a test can exhaust it by holding one."""
    return api_settings(
        tmp_path,
        database_url(db_kind, request, tmp_path),
        db_pool_size=1,
        db_max_overflow=0,
        db_pool_timeout_seconds=pool_timeout,
    )


async def sql_database(app: FastAPI) -> SqlDatabase:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    return database


def open_connections(found: Scrape, pool: str) -> float:
    return found.value(IN_USE, pool=pool) + found.value(IDLE, pool=pool)


async def test_a_unit_of_work_holds_a_write_connection_until_it_ends(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    database = await sql_database(app)
    before = await scrape(client)

    async with database.unit_of_work():
        during = await scrape(client)
    after = await scrape(client)

    assert during.value(IN_USE, pool="write") == before.value(IN_USE, pool="write") + 1
    assert after.value(IN_USE, pool="write") == before.value(IN_USE, pool="write")
    # The connection went back to the pool: as many are open, one more of them idle.
    assert open_connections(after, "write") == open_connections(during, "write")
    assert after.value(IDLE, pool="write") == during.value(IDLE, pool="write") + 1


@pytest.mark.parametrize("db_kind", ["postgres"])
async def test_a_plain_read_holds_a_read_pool_connection_until_it_ends(
    client: httpx.AsyncClient, app: FastAPI, conduit: Conduit
) -> None:
    database = await sql_database(app)
    await conduit.register(username="ann")
    assert (await client.get("/api/profiles/ann")).status_code == 200  # opens the read pool's one
    read_pool = database._read_pool
    assert read_pool is not None
    before = await scrape(client)

    async with read_pool.connection():
        during = await scrape(client)
    after = await scrape(client)

    assert before.value(IDLE, pool="read") >= 1
    assert during.value(IN_USE, pool="read") == before.value(IN_USE, pool="read") + 1
    assert during.value(IDLE, pool="read") == before.value(IDLE, pool="read") - 1  # reused
    assert after.value(IN_USE, pool="read") == before.value(IN_USE, pool="read")
    assert after.value(IDLE, pool="read") == before.value(IDLE, pool="read")


def holder(database: SqlDatabase, pool: str) -> AbstractAsyncContextManager[Any]:
    """Holds the only connection of ``pool``."""
    if pool == "read":
        assert database._read_pool is not None
        return database._read_pool.connection()
    return database.unit_of_work()


def waiting_request(db_kind: str, pool: str) -> Callable[[httpx.AsyncClient], Any]:
    """A request that needs a connection of ``pool``: on PostgreSQL plain reads use the read
    pool and writes the write pool; on SQLite a write would queue for the write turn first, so
    a plain read (on the engine's pool) is what waits for the pool."""
    if db_kind == "postgres" and pool == "write":
        body = {"user": {"username": "bob", "email": "bob@example.com", "password": "pa55word!"}}
        return lambda client: client.post("/api/users", json=body)
    return lambda client: client.get("/api/profiles/ann")


POOLS_OF = [("sqlite", "write"), ("postgres", "write"), ("postgres", "read")]


@pytest.mark.parametrize(("db_kind", "pool"), POOLS_OF)
async def test_a_checkout_of_an_exhausted_pool_waits_and_is_counted(
    client: httpx.AsyncClient, app: FastAPI, conduit: Conduit, db_kind: str, pool: str
) -> None:
    database = await sql_database(app)
    await conduit.register(username="ann")
    send = waiting_request(db_kind, pool)
    before = await scrape(client)

    async with holder(database, pool):
        request = asyncio.create_task(send(client))
        waiting = await scrape_until(
            client,
            lambda found: found.value(WAITING, pool=pool) > before.value(WAITING, pool=pool),
            "a caller waiting for a connection",
        )
    response = await request
    after = await scrape(client)

    assert response.status_code in (200, 201)
    assert waiting.value(WAITING, pool=pool) == before.value(WAITING, pool=pool) + 1
    assert after.value(WAITING, pool=pool) == before.value(WAITING, pool=pool)
    assert after.value(WAITS, pool=pool) == before.value(WAITS, pool=pool) + 1
    assert after.value(TIMEOUTS, pool=pool) == before.value(TIMEOUTS, pool=pool)


@pytest.mark.parametrize("pool_timeout", [0.05])
@pytest.mark.parametrize(("db_kind", "pool"), POOLS_OF)
async def test_a_wait_that_gives_up_is_counted_as_a_timeout(
    client: httpx.AsyncClient, app: FastAPI, conduit: Conduit, db_kind: str, pool: str
) -> None:
    database = await sql_database(app)
    await conduit.register(username="ann")
    before = await scrape(client)

    async with holder(database, pool):
        response = await waiting_request(db_kind, pool)(client)
    after = await scrape(client)

    assert response.status_code == 503
    assert after.value(TIMEOUTS, pool=pool) == before.value(TIMEOUTS, pool=pool) + 1
    assert after.value(WAITS, pool=pool) == before.value(WAITS, pool=pool) + 1
    assert after.value(WAITING, pool=pool) == before.value(WAITING, pool=pool)
