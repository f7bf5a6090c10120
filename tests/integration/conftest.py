"""Fixtures for the integration tests: the SQL adapter on each dialect; for the command line, a
SQLite file named by QUILL_* variables and the server replaced by a recorder so none starts."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from adapters.persistence.sql import SqlDatabase
from entrypoints.cli import serving
from tests.support.databases import DatabaseKind, open_database, postgres_base_url, resolve_kind


@pytest.fixture(params=["sqlite", "postgres"])
def sql_kind(request: pytest.FixtureRequest) -> DatabaseKind:
    return resolve_kind(request, request.param)


@pytest.fixture
async def db(sql_kind: DatabaseKind, tmp_path: Path) -> AsyncIterator[SqlDatabase]:
    """An empty, migrated SQL database of each dialect."""
    kind, template, postgres = sql_kind
    async with open_database(
        kind, tmp_path=tmp_path, sqlite_template=template, postgres_url=postgres
    ) as database:
        assert isinstance(database, SqlDatabase)
        yield database


async def _admin(base_url: str, sql: str) -> None:
    engine = create_async_engine(base_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql(sql)
    finally:
        await engine.dispose()


@pytest.fixture
async def empty_postgres() -> AsyncIterator[str]:
    """The URL of a brand-new PostgreSQL database with no schema at all, dropped afterwards."""
    base = postgres_base_url()
    name = f"quill_migrations_{secrets.token_hex(4)}"
    await _admin(base, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        await _admin(base, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a brand-new database of each dialect with no schema at all."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    url: str = request.getfixturevalue("empty_postgres")
    return url


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty SQLite file named by QUILL_DATABASE_URL, with test settings and nothing else."""
    for name in list(os.environ):
        if name.upper().startswith("QUILL_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    path = tmp_path / "quill.db"
    monkeypatch.setenv("QUILL_ENV", "test")
    monkeypatch.setenv("QUILL_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("QUILL_JWT_SECRET_FILE", str(tmp_path / "jwt-secret"))
    monkeypatch.setenv("QUILL_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("QUILL_ARGON2_MEMORY_KIB", "8")
    monkeypatch.setenv("QUILL_ARGON2_PARALLELISM", "1")
    return path


@pytest.fixture
def migrated(database: Path, sqlite_template: Path) -> Path:
    shutil.copyfile(sqlite_template, database)
    return database


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(app: str, **options: Any) -> None:
        calls.append({"app": app, **options})

    monkeypatch.setattr(serving, "run", record)
    return calls
