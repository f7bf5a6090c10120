"""What counts as losing the database (``errors.outage``, ``errors.connection_lost``), on the
errors the drivers really raise, and how a plain PostgreSQL read answers each: retried once on a
fresh connection when its connection died, ``Unavailable`` for any other outage, anything else
untouched. (``test_sql_faults.py`` causes the same faults on a real server.)"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import create_async_engine

from adapters.persistence.sql import queries as q
from adapters.persistence.sql.errors import connection_lost, outage
from adapters.persistence.sql.read_pool import ReadPoolTimeout
from adapters.persistence.sql.sessions import DriverReads, Session
from domain.errors import NotFound, Unavailable

LOST = [
    asyncpg.exceptions.ConnectionDoesNotExistError("connection was closed in the middle"),
    asyncpg.exceptions.AdminShutdownError("terminating connection due to administrator command"),
    asyncpg.exceptions.CrashShutdownError("terminating connection because of crash"),
    asyncpg.InterfaceError("cannot call Connection.fetch(): connection is closed"),
    asyncpg.InternalClientError("cannot switch to state 12; another operation (2) is in progress"),
    ConnectionResetError("Connection reset by peer"),
    BrokenPipeError(),
]
NOT_NOW = [
    (
        asyncpg.exceptions.QueryCanceledError("canceling statement due to statement timeout"),
        "statement timeout",
    ),
    (asyncpg.exceptions.TooManyConnectionsError("sorry, too many clients already"), "cannot serve"),
    (
        asyncpg.exceptions.CannotConnectNowError("the database system is starting up"),
        "cannot serve",
    ),
    (
        asyncpg.exceptions.LockNotAvailableError("canceling statement due to lock timeout"),
        "cannot serve",
    ),
    (ConnectionRefusedError(111, "Connect call failed"), "cannot be reached"),
    (TimeoutError(), "cannot be reached"),
    (PoolTimeout("QueuePool limit of size 1 overflow 0 reached"), "saturated"),
    (ReadPoolTimeout("no read connection came free within 1 s"), "saturated"),
    (
        OperationalError("BEGIN IMMEDIATE", {}, sqlite3.OperationalError("database is locked")),
        "saturated",
    ),
]
NOT_OUTAGES = [
    asyncpg.exceptions.UniqueViolationError("duplicate key value"),
    asyncpg.exceptions.UndefinedTableError('relation "x" does not exist'),
    asyncpg.InterfaceError("cannot perform operation: another operation is in progress"),
    OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: x")),
    NotFound("article", "x"),
    ValueError("a bug"),
]


def _wrapped(error: Exception) -> Exception:
    """As SQLAlchemy raises it: its own error, the adapted driver error, the driver's."""
    dbapi = postgresql.asyncpg.AsyncAdapt_asyncpg_dbapi
    adapted = dbapi.Error(str(error), error)  # type: ignore[no-untyped-call]
    adapted.__cause__ = error
    return OperationalError("SELECT 1", {"secret": "parameters"}, adapted)


@pytest.mark.parametrize("error", LOST, ids=lambda error: type(error).__name__)
def test_a_lost_connection_is_recognized_raw_and_wrapped(error: Exception) -> None:
    assert connection_lost(error)
    assert connection_lost(_wrapped(error))
    unavailable = outage(_wrapped(error))
    assert isinstance(unavailable, Unavailable)
    assert "lost" in unavailable.message
    assert "secret" not in unavailable.message  # SQLAlchemy's text carries the parameters


@pytest.mark.parametrize(("error", "said"), NOT_NOW, ids=lambda v: type(v).__name__)
def test_a_database_that_cannot_serve_now_is_unavailable_but_not_lost(
    error: Exception, said: str
) -> None:
    unavailable = outage(error)
    assert isinstance(unavailable, Unavailable)
    assert said in unavailable.message
    assert not connection_lost(error)


@pytest.mark.parametrize("error", NOT_OUTAGES, ids=lambda error: type(error).__name__)
def test_other_errors_are_no_outage(error: Exception) -> None:
    assert outage(error) is None
    assert not connection_lost(error)


class FakeDriver:
    """An asyncpg connection whose fetches fail with the given errors, then return no rows."""

    def __init__(self, failures: list[Exception]) -> None:
        self._failures = failures

    async def fetch(self, _sql: str, *_args: Any) -> list[Any]:
        if self._failures:
            raise self._failures.pop(0)
        return []


class FakeReadPool:
    def __init__(self, failures: list[Exception]) -> None:
        self.driver = FakeDriver(failures)
        self.taken: list[bool] = []  # fresh or not, for each connection taken

    @asynccontextmanager
    async def connection(self, *, fresh: bool = False) -> AsyncIterator[FakeDriver]:
        self.taken.append(fresh)
        yield self.driver


async def _read(failures: list[Exception]) -> tuple[Sequence[Any] | BaseException, list[bool]]:
    pool = FakeReadPool(failures)
    dialect = create_async_engine("postgresql+asyncpg://quill@127.0.0.1/quill").dialect
    reads = DriverReads(pool, dialect, [])  # type: ignore[arg-type]  # a fake pool

    async def read(session: Session) -> Sequence[Any]:
        return await session.rows(q.PROFILE[False], {"username": "ann", "viewer": None})

    try:
        return await reads.run(read), pool.taken
    except Exception as error:
        return error, pool.taken


async def test_a_read_whose_connection_died_is_run_again_once_on_a_fresh_connection() -> None:
    rows, taken = await _read([LOST[0]])
    assert rows == []
    assert taken == [False, True]


async def test_a_read_that_loses_its_fresh_connection_too_is_unavailable() -> None:
    error, taken = await _read([LOST[0], LOST[1], LOST[2]])
    assert isinstance(error, Unavailable)
    assert taken == [False, True]


async def test_a_read_past_the_statement_timeout_is_unavailable_without_a_retry() -> None:
    error, taken = await _read([NOT_NOW[0][0]])
    assert isinstance(error, Unavailable)
    assert taken == [False]


async def test_a_read_failing_for_another_reason_raises_that_error_without_a_retry() -> None:
    failure = NOT_OUTAGES[1]
    error, taken = await _read([failure])
    assert error is failure
    assert taken == [False]
