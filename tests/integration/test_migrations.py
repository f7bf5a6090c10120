"""Alembic owns the schema: the migrations build exactly ``tables.metadata`` on both dialects, go
down to an empty database and up again, and ``missing_migrations`` tells what is left to apply."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from adapters.persistence.sql import downgrade, migrate, missing_migrations
from adapters.persistence.sql.engine import create_engine
from adapters.persistence.sql.migrator import MigrationTimeouts
from adapters.persistence.sql.tables import metadata

pytestmark = pytest.mark.filterwarnings(
    # SQLAlchemy cannot reflect SQLite's expression indexes, so Alembic skips comparing them;
    # test_sqlite_keeps_the_case_insensitive_unique_indexes checks them instead.
    "ignore:.*expression-based index:UserWarning",
    "ignore:.*expression-based index:sqlalchemy.exc.SAWarning",
)

TABLES = {table.name for table in metadata.sorted_tables}
REVISIONS = ["0001", "0002", "0003", "0004", "0005"]


async def _inspect(url: str, look: Any) -> Any:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(look)
    finally:
        await engine.dispose()


def _drift(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, metadata))


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


async def test_a_migrated_database_matches_the_tables_exactly(empty_database: str) -> None:
    await migrate(empty_database)

    assert await _inspect(empty_database, _drift) == []
    assert await _inspect(empty_database, _table_names) == TABLES | {"alembic_version"}


def _schema_names(connection: Connection) -> set[str]:
    """Every constraint and index name in the schema (the version table aside)."""
    inspector = inspect(connection)
    names: set[str | None] = set()
    for table in set(inspector.get_table_names()) - {"alembic_version"}:
        names.add(inspector.get_pk_constraint(table)["name"])
        names.update(fk["name"] for fk in inspector.get_foreign_keys(table))
        names.update(uq["name"] for uq in inspector.get_unique_constraints(table))
        names.update(ck["name"] for ck in inspector.get_check_constraints(table))
    if connection.dialect.name == "sqlite":
        indexes = "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    else:
        indexes = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    names.update(connection.execute(text(indexes)).scalars())
    return {name for name in names if name is not None} - {"alembic_version_pkc"}


async def test_migrated_constraints_and_indexes_carry_the_names_of_the_tables(
    empty_database: str,
) -> None:
    expected = {
        str(constraint.name) for table in metadata.sorted_tables for constraint in table.constraints
    } | {str(index.name) for table in metadata.sorted_tables for index in table.indexes}
    await migrate(empty_database)

    names = await _inspect(empty_database, _schema_names)

    if empty_database.startswith("sqlite"):
        # SQLite writes an AUTOINCREMENT key inline on its column, where it carries no name.
        expected -= {"article_comment_pkey", "outbox_event_pkey"}
    assert names == expected
    assert {"user_follow_not_self_check", "article_tag_position_check"} <= names


async def test_missing_migrations_lists_every_revision_until_the_database_is_at_head(
    empty_database: str,
) -> None:
    before = await missing_migrations(empty_database)
    await migrate(empty_database)
    after = await missing_migrations(empty_database)

    assert before == REVISIONS
    assert after == []


async def test_downgrading_to_base_empties_the_schema_and_upgrading_rebuilds_it(
    empty_database: str,
) -> None:
    await migrate(empty_database)

    await downgrade(empty_database, "base")
    emptied = await _inspect(empty_database, _table_names)
    drift_when_empty = await _inspect(empty_database, _drift)
    missing_when_empty = await missing_migrations(empty_database)
    await migrate(empty_database)

    assert emptied == {"alembic_version"}
    # The comparison really looks: with no tables, every table is reported missing.
    assert {diff[1].name for diff in drift_when_empty if diff[0] == "add_table"} == TABLES
    assert missing_when_empty == REVISIONS
    assert await missing_migrations(empty_database) == []
    assert await _inspect(empty_database, _drift) == []


async def test_sqlite_keeps_the_case_insensitive_unique_keys(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'indexes.db'}"
    await migrate(url)

    def schema(connection: Connection) -> dict[str, str]:
        rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
        return {str(name): str(sql) for name, sql in rows}

    found = await _inspect(url, schema)

    # usernames are ASCII, so lower() folds them fully; emails carry a case-folded key column
    assert "lower(username)" in found["user_account_username_key"]
    assert "UNIQUE" in found["user_account_username_key"]
    assert "CONSTRAINT user_account_email_key UNIQUE (email_key)" in found["user_account"]


async def test_a_sqlite_migration_will_not_finish_with_broken_references(tmp_path: Path) -> None:
    path = tmp_path / "dangling.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate(url, "0001")
    raw = sqlite3.connect(path)  # foreign keys are off by default in a plain connection
    try:
        raw.execute(
            "INSERT INTO user_follow (follower_id, followee_id) VALUES (?, ?)",
            (uuid.uuid4().hex, uuid.uuid4().hex),
        )
        raw.commit()
    finally:
        raw.close()

    with pytest.raises(RuntimeError, match="broken references"):
        await migrate(url)


async def test_migrating_an_embedded_database_makes_its_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "not" / "yet" / "there" / "quill.db"
    await migrate(f"sqlite+aiosqlite:///{path}")
    assert path.is_file()
    assert await missing_migrations(f"sqlite+aiosqlite:///{path}") == []


async def test_going_back_one_revision_and_up_again_leaves_no_drift(empty_database: str) -> None:
    await migrate(empty_database)

    await downgrade(empty_database, "0001")
    missing = await missing_migrations(empty_database)
    await migrate(empty_database)

    assert missing == ["0002", "0003", "0004", "0005"]
    assert await _inspect(empty_database, _drift) == []


@pytest.mark.parametrize(
    ("timeouts", "sqlstate"),
    [
        (MigrationTimeouts(statement=60, lock=0.2), "55P03"),  # lock_not_available
        (MigrationTimeouts(statement=0.2, lock=60), "57014"),  # query_canceled
    ],
    ids=["lock-timeout", "statement-timeout"],
)
async def test_a_postgres_migration_blocked_by_a_lock_gives_up_within_its_own_limits(
    empty_postgres: str, timeouts: MigrationTimeouts, sqlstate: str
) -> None:
    url = empty_postgres
    await migrate(url, "0001")
    holder = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with holder.begin() as connection:  # a long read, as a report might run
            await connection.exec_driver_sql("LOCK TABLE article_tag IN ACCESS SHARE MODE")
            with pytest.raises(DBAPIError) as blocked:
                await migrate(url, timeouts=timeouts)
    finally:
        await holder.dispose()

    assert getattr(blocked.value.orig, "sqlstate", None) == sqlstate
    assert await missing_migrations(url) == REVISIONS[1:]  # nothing of 0002 stayed
