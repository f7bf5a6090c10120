"""Engines for both dialects: pool settings, SQLite's pragmas and its BEGIN IMMEDIATE transactions.

SQLite: the sqlite3 driver's own transaction handling is switched off (``isolation_level = None``)
and the engine's ``begin`` event emits ``BEGIN IMMEDIATE`` itself, so a unit of work takes the write
lock up front. Two transactions that both read and then try to write can therefore never deadlock
(a deferred transaction would fail with "database is locked" when upgrading its lock); writers of
one process queue in ``writers.py``, other processes wait on ``busy_timeout``. Connections marked
``NO_BEGIN`` (the read model's) emit no BEGIN at all: in WAL mode each read statement sees a
consistent snapshot without one and never blocks a writer.

PostgreSQL: every connection (the engine's and the read pool's) carries a ``statement_timeout``
and is renewed after ``max_age`` seconds (``pool_recycle``). A connection SQLAlchemy finds broken
(asyncpg reports it closed) is invalidated, never checked in again, and the pool's older
connections with it; there is no ping per checkout. Plain reads need no transaction either;
``read_engine`` gives AUTOCOMMIT connections (no BEGIN before or ROLLBACK after a read), and
``sessions.py`` bypasses even those on PostgreSQL.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

# Execution option: this connection runs statements without a transaction.
NO_BEGIN = "quill_no_begin"

SQLITE_BUSY_TIMEOUT_MS = 30_000
DEFAULT_STATEMENT_TIMEOUT_SECONDS = 5.0
DEFAULT_MAX_AGE_SECONDS = 1800.0
SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def create_engine(
    url: str,
    *,
    pool_size: int = 10,
    max_overflow: int = 10,
    pool_timeout: float = 30.0,
    statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
    max_age: float = DEFAULT_MAX_AGE_SECONDS,
    sqlite_foreign_keys: bool = True,
) -> AsyncEngine:
    """An engine for ``sqlite+aiosqlite:///path`` or ``postgresql+asyncpg://…``; no I/O yet.
    ``statement_timeout`` and ``max_age`` (seconds) apply to PostgreSQL."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    options: dict[str, Any] = {
        "pool_size": pool_size,
        "max_overflow": max_overflow,
        "pool_timeout": pool_timeout,
        # A statement's error names its SQL, never its values (emails, hashes): the error may
        # reach a log line.
        "hide_parameters": True,
    }
    if backend == SQLITE:
        if parsed.database in (None, "", ":memory:"):
            raise ValueError(
                "an in-memory SQLite database cannot be shared by concurrent connections; "
                "give a file path (sqlite+aiosqlite:///path/to/quill.db) or use memory://"
            )
        # The embedded database's folder is made on first use (e.g. ./var for the default URL).
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(parsed, **options)
        _configure_sqlite(engine, foreign_keys=sqlite_foreign_keys)
        return engine
    if backend == POSTGRESQL:
        options["connect_args"] = postgres_connect_options(statement_timeout)
        # The connection used last is reused first: fewer connections stay warm, none go cold.
        options["pool_use_lifo"] = True
        options["pool_recycle"] = max_age
        return create_async_engine(parsed, **options)
    raise ValueError(f"unsupported database URL scheme {parsed.drivername!r}")


def postgres_connect_options(statement_timeout: float) -> dict[str, Any]:
    """``asyncpg.connect`` options for every PostgreSQL connection Quill opens."""
    settings = {
        # JIT compilation only pays off for long analytical queries; for short OLTP statements
        # it adds latency spikes when the planner's cost estimate crosses the JIT threshold.
        "jit": "off",
        # The server cancels a statement running longer (a 503 for the request, see errors.py).
        "statement_timeout": milliseconds(statement_timeout),
    }
    return {"server_settings": settings}


def milliseconds(seconds: float) -> str:
    """A PostgreSQL duration setting (``statement_timeout``, ``lock_timeout``) in whole ms; at
    least 1, since 0 would mean no limit at all."""
    return str(max(1, round(seconds * 1000)))


def asyncpg_dsn(engine: AsyncEngine) -> str:
    """The engine's URL as a plain ``postgresql://`` DSN for ``asyncpg.connect``."""
    url = engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def read_engine(engine: AsyncEngine) -> AsyncEngine:
    """A view of ``engine`` (same pool) whose connections read without a transaction."""
    if engine.dialect.name == POSTGRESQL:
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine.execution_options(**{NO_BEGIN: True})


def _configure_sqlite(engine: AsyncEngine, *, foreign_keys: bool) -> None:
    pragmas = (
        f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}",
    )

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins (see on_begin).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        if not connection.get_execution_options().get(NO_BEGIN, False):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
