"""``SqlDatabase.health``: ready only when the database answers and its schema is this release's
newest; the outbox's new columns leave the previous release working."""

from __future__ import annotations

import socket
import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from adapters.persistence.sql import SqlDatabase, migrate
from adapters.persistence.sql.monitoring import head_revision


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # nothing listens once the probe is closed


async def health_of(url: str) -> str | None:
    db = SqlDatabase.connect(url, pool_size=1, max_overflow=0, pool_timeout=2)
    try:
        return await db.health()
    finally:
        await db.close()


async def test_a_database_without_a_schema_is_not_ready(empty_database: str) -> None:
    reason = await health_of(empty_database)

    assert reason == "the database has no schema yet: run `quill migrate`"


async def test_a_schema_behind_this_release_is_not_ready_and_says_which_migration(
    empty_database: str,
) -> None:
    await migrate(empty_database, "0003")

    reason = await health_of(empty_database)

    assert reason is not None
    assert f"at migration 0003, this release needs {head_revision()}" in reason
    assert head_revision() == "0005"


async def test_a_database_that_refuses_connections_is_not_ready() -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/test"

    reason = await health_of(url)

    assert reason is not None
    assert reason.startswith("the database does not answer: ")


async def test_the_previous_release_still_records_events_against_the_new_schema(
    empty_database: str,
) -> None:
    await migrate(empty_database)
    db = SqlDatabase.connect(empty_database, pool_size=1, max_overflow=0)
    try:
        async with db.engine.begin() as connection:  # the 0002 release's INSERT, column for column
            await connection.execute(
                text(
                    "INSERT INTO outbox_event (event_id, name, payload, occurred_at, published_at)"
                    " VALUES (:event_id, 'user.registered', '{}', :at, NULL)"
                ),
                {"event_id": str(uuid.uuid4()), "at": datetime(2026, 12, 1, tzinfo=UTC)},
            )
        oldest = await db.oldest_unpublished_event()
    finally:
        await db.close()

    assert oldest == datetime(2026, 12, 1, tzinfo=UTC)
