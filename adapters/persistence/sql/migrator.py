"""Schema migrations from inside a running event loop: upgrade, downgrade, and what is missing.

Alembic is synchronous, so each call opens an async connection and runs Alembic on its sync side
(``AsyncConnection.run_sync``), handing the connection to ``migrations/env.py`` through
``Config.attributes``. SQLite's foreign keys stay off while it migrates (see ``env.py``).

On PostgreSQL a migration has its own limits, set for its transaction by ``env.py``: a
``statement_timeout`` longer than the service's (a backfill may take minutes) and a
``lock_timeout``, so a migration waiting behind a long transaction gives up instead of making
every query that needs the same table queue behind its lock request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.sql.engine import SQLITE, create_engine, read_engine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_STATEMENT_TIMEOUT_SECONDS = 15 * 60.0
MIGRATION_LOCK_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class MigrationTimeouts:
    statement: float = MIGRATION_STATEMENT_TIMEOUT_SECONDS
    lock: float = MIGRATION_LOCK_TIMEOUT_SECONDS


def alembic_config(
    connection: Connection | None = None, timeouts: MigrationTimeouts | None = None
) -> Config:
    config = Config(MIGRATIONS / "alembic.ini")
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    config.attributes["timeouts"] = timeouts or MigrationTimeouts()
    return config


def _engine(url: str) -> AsyncEngine:
    return create_engine(url, pool_size=1, max_overflow=0, sqlite_foreign_keys=False)


async def migrate(
    url: str, revision: str = "head", *, timeouts: MigrationTimeouts | None = None
) -> None:
    """Upgrade the database at ``url`` to ``revision`` (the newest by default)."""
    await _run(url, lambda sync: command.upgrade(alembic_config(sync, timeouts), revision))


async def downgrade(
    url: str, revision: str = "base", *, timeouts: MigrationTimeouts | None = None
) -> None:
    """Downgrade the database at ``url`` to ``revision`` (an empty schema by default)."""
    await _run(url, lambda sync: command.downgrade(alembic_config(sync, timeouts), revision))


async def _run(url: str, alembic_command: Callable[[Connection], None]) -> None:
    """One transaction for the whole command: a failing step leaves the schema as it was."""
    engine = _engine(url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(alembic_command)
            if connection.dialect.name == SQLITE:
                await connection.run_sync(_ensure_foreign_keys_hold)
    finally:
        await engine.dispose()


def _ensure_foreign_keys_hold(connection: Connection) -> None:
    """SQLite migrates with foreign keys off, so check afterwards that every reference holds."""
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        raise RuntimeError(f"the migration left {len(broken)} broken references, e.g. {broken[0]}")


def _missing(connection: Connection) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    current = MigrationContext.configure(connection).get_current_heads()
    applied = {
        revision.revision
        for head in current
        for revision in script.iterate_revisions(head, "base")
        if revision is not None
    }
    oldest_first = reversed(list(script.walk_revisions()))
    return [revision.revision for revision in oldest_first if revision.revision not in applied]


async def missing_migrations(url: str) -> list[str]:
    """Revision ids not applied yet, oldest first; empty when the database is at head."""
    engine = _engine(url)
    try:
        async with read_engine(engine).connect() as connection:  # no write lock on SQLite
            return await connection.run_sync(_missing)
    finally:
        await engine.dispose()
