"""Databases for tests: a migrated SQLite template copied per test, and a PostgreSQL database of
this run's own (created from ``QUILL_TEST_POSTGRES_URL``, dropped at the end), truncated
per test."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from adapters.persistence.memory import MemoryDatabase
from adapters.persistence.sql import SqlDatabase, migrate
from adapters.persistence.sql.tables import metadata
from application.ports import Persistence

POSTGRES_URL_ENV = "QUILL_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "QUILL_REQUIRE_POSTGRES"
KINDS = ("memory", "sqlite", "postgres")

DatabaseKind = tuple[str, Path | None, str | None]
"""A kind with its session-wide SQLite template or PostgreSQL database URL."""


def resolve_kind(request: pytest.FixtureRequest, kind: str) -> DatabaseKind:
    """The kind with its session database. Call it from a SYNC fixture: the session fixtures it
    pulls in migrate in an event loop of their own (``asyncio.run``)."""
    template = request.getfixturevalue("sqlite_template") if kind == "sqlite" else None
    postgres = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    return kind, template, postgres


def postgres_base_url() -> str:
    """The server URL for PostgreSQL tests; skips (or fails, when required) without one."""
    url = os.environ.get(POSTGRES_URL_ENV, "").strip()
    if url:
        return url
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but {POSTGRES_URL_ENV} is not set")
    pytest.skip(
        f"PostgreSQL tests need {POSTGRES_URL_ENV} (e.g. postgresql+asyncpg://user@host/db)"
    )


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def postgres_run_database(base_url: str) -> Iterator[str]:
    """Create a fresh, migrated database for this test run and drop it afterwards."""
    name = f"quill_test_{os.getpid()}_{secrets.token_hex(4)}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(base_url), timeout=10)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError) as error:
        if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
            pytest.fail(f"cannot reach PostgreSQL at {POSTGRES_URL_ENV}: {error}")
        pytest.skip(f"cannot reach PostgreSQL at {POSTGRES_URL_ENV}: {error}")
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    try:
        asyncio.run(migrate(url))
        yield url
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@contextmanager
def sqlite_template(directory: Path) -> Iterator[Path]:
    """A migrated SQLite file to copy for each test (migrating once is much faster)."""
    path = directory / "template.db"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    yield path


async def truncate_all(database: SqlDatabase) -> None:
    names = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    async with database.engine.begin() as connection:
        await connection.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@asynccontextmanager
async def open_database(
    kind: str, *, tmp_path: Path, sqlite_template: Path | None, postgres_url: str | None
) -> AsyncIterator[Persistence]:
    """An empty, migrated database of the given kind, closed afterwards."""
    if kind == "memory":
        memory = MemoryDatabase()
        yield memory
        await memory.close()
        return
    if kind == "sqlite":
        assert sqlite_template is not None
        path = tmp_path / f"quill-{secrets.token_hex(4)}.db"
        shutil.copyfile(sqlite_template, path)
        sqlite = SqlDatabase.connect(f"sqlite+aiosqlite:///{path}")
        try:
            yield sqlite
        finally:
            await sqlite.close()
        return
    assert kind == "postgres"
    assert postgres_url is not None
    postgres = SqlDatabase.connect(postgres_url, pool_size=20, max_overflow=10)
    try:
        await truncate_all(postgres)
        yield postgres
    finally:
        await postgres.close()
