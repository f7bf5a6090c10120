"""Alembic's environment for Quill, for both dialects.

Called two ways:
- from ``adapters.persistence.sql.migrate`` (inside a running event loop): the caller opens an
  async connection and hands its sync side over in ``config.attributes["connection"]``
  (Alembic's "programmatic API with run_sync" recipe);
- from the ``alembic`` command line: the URL comes from ``-x url=…``, ``sqlalchemy.url`` or
  ``QUILL_DATABASE_URL``, and this module runs its own event loop.
"""

from __future__ import annotations

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

from adapters.persistence.sql.engine import POSTGRESQL, SQLITE, create_engine, milliseconds
from adapters.persistence.sql.migrator import MigrationTimeouts
from adapters.persistence.sql.tables import metadata

config = context.config


def _url() -> str:
    url = (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("QUILL_DATABASE_URL")
    )
    if not url:
        raise RuntimeError("no database URL: pass -x url=… or set QUILL_DATABASE_URL")
    return url


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters a table by copying it ("move and copy"), so operations run in batches.
        render_as_batch=connection.dialect.name == SQLITE,
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == POSTGRESQL:
            _limit(connection, config.attributes.get("timeouts") or MigrationTimeouts())
        context.run_migrations()


def _limit(connection: Connection, timeouts: MigrationTimeouts) -> None:
    """This transaction's own limits, instead of the service's (see ``migrator.py``)."""
    for setting, seconds in (
        ("statement_timeout", timeouts.statement),
        ("lock_timeout", timeouts.lock),
    ):
        connection.exec_driver_sql(f"SET LOCAL {setting} = {milliseconds(seconds)}")


async def _run_from_command_line(url: str) -> None:
    # Foreign keys are off while SQLite copies tables, else dropping the old copy of a parent
    # table would cascade to its children.
    engine = create_engine(url, pool_size=1, max_overflow=0, sqlite_foreign_keys=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


def _run_offline(url: str) -> None:
    context.configure(
        url=url,
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=url.startswith(SQLITE),
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


_given = config.attributes.get("connection")
if _given is not None:
    run_migrations(_given)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    if context.is_offline_mode():
        _run_offline(_url())
    else:
        asyncio.run(_run_from_command_line(_url()))
