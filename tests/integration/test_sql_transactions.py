"""Transactions, connection settings and stored values of the SQL adapter on both dialects."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import StatementError

from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql.tables import outbox_event
from domain.comments import CommentBody, NewComment
from domain.events import UserFollowed
from tests.factories import CLOCK, a_user, an_article
from tests.support.databases import open_database


@pytest.fixture
async def sqlite_db(sqlite_template: Path, tmp_path: Path) -> AsyncIterator[SqlDatabase]:
    async with open_database(
        "sqlite", tmp_path=tmp_path, sqlite_template=sqlite_template, postgres_url=None
    ) as database:
        assert isinstance(database, SqlDatabase)
        yield database


@pytest.fixture
def statements_in_transaction(
    db: SqlDatabase, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[tuple[str, bool]]]:
    """Each statement the adapter runs, with whether the driver was inside a transaction: those
    of the engine, and on PostgreSQL those the read pool's connections fetch."""
    seen: list[tuple[str, bool]] = []
    fetch = asyncpg.Connection.fetch

    async def spy(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
        seen.append((query, self.is_in_transaction()))
        return await fetch(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "fetch", spy)

    def record(connection: Connection, _cursor: Any, statement: str, *_: Any) -> None:
        driver = connection.connection.driver_connection
        if db.engine.dialect.name == "postgresql":
            in_transaction = driver.is_in_transaction()  # type: ignore[union-attr]
        else:
            in_transaction = driver.in_transaction  # type: ignore[union-attr]
        seen.append((statement, bool(in_transaction)))

    event.listen(db.engine.sync_engine, "after_cursor_execute", record)
    yield seen
    event.remove(db.engine.sync_engine, "after_cursor_execute", record)


async def test_plain_reads_run_outside_a_transaction_and_unit_of_work_reads_inside_one(
    db: SqlDatabase, statements_in_transaction: list[tuple[str, bool]]
) -> None:
    await db.reads.tags()
    await db.reads.profile("nobody", None)
    outside = list(statements_in_transaction)
    statements_in_transaction.clear()
    async with db.unit_of_work() as uow:
        await uow.reads.tags()
        await uow.reads.profile("nobody", None)

    assert len(outside) == 2
    assert not any(in_transaction for _, in_transaction in outside)
    assert statements_in_transaction
    assert all(in_transaction for _, in_transaction in statements_in_transaction)


async def test_sqlite_connections_use_wal_foreign_keys_and_a_long_busy_timeout(
    sqlite_db: SqlDatabase,
) -> None:
    async with sqlite_db.engine.connect() as connection:
        settings = {
            pragma: (await connection.exec_driver_sql(f"PRAGMA {pragma}")).scalar_one()
            for pragma in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
        }

    assert settings["journal_mode"] == "wal"
    assert settings["foreign_keys"] == 1
    assert settings["busy_timeout"] >= 30_000
    assert settings["synchronous"] == 1  # NORMAL


async def test_a_sqlite_unit_of_work_holds_the_write_lock_from_its_start(
    sqlite_db: SqlDatabase,
) -> None:
    path = sqlite_db.engine.url.database
    assert path is not None
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        async with sqlite_db.unit_of_work():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


async def test_timestamps_come_back_as_the_same_instant_in_utc(db: SqlDatabase) -> None:
    created = datetime(2024, 3, 1, 23, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5)))
    user = a_user(now=created)
    async with db.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()

    async with db.unit_of_work() as uow:
        stored = await uow.users.by_id(user.id)

    assert stored is not None
    assert stored.created_at == created
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.created_at.replace(tzinfo=None) == datetime(2024, 3, 2, 4, 30, 15, 123456)


async def test_a_naive_timestamp_is_refused(db: SqlDatabase) -> None:
    user = a_user(now=datetime(2024, 3, 1, 12, 0))  # naive on purpose

    with pytest.raises(StatementError, match="naive datetime"):
        async with db.unit_of_work() as uow:
            await uow.users.add(user)


async def test_outbox_rows_hold_the_event_fields_as_json(db: SqlDatabase) -> None:
    ann, bob = a_user(), a_user()
    event_ = UserFollowed(occurred_at=CLOCK.now(), follower_id=ann.id, followee_id=bob.id)
    async with db.unit_of_work() as uow:
        await uow.outbox.add([event_])
        await uow.commit()

    async with db.engine.connect() as connection:
        rows = (
            await connection.execute(
                select(
                    outbox_event.c.event_id,
                    outbox_event.c.name,
                    outbox_event.c.payload,
                    outbox_event.c.occurred_at,
                    outbox_event.c.published_at,
                )
            )
        ).all()

    assert len(rows) == 1
    event_id, name, payload, occurred_at, published_at = rows[0]
    assert (event_id, name, occurred_at, published_at) == (
        event_.event_id,
        "user.followed",
        event_.occurred_at,
        None,
    )
    assert json.loads(payload) == {
        "occurred_at": event_.occurred_at.isoformat(),
        "event_id": str(event_.event_id),
        "follower_id": str(ann.id),
        "followee_id": str(bob.id),
    }


async def test_the_id_of_a_deleted_comment_is_never_given_again(db: SqlDatabase) -> None:
    author = a_user()
    article = an_article(author_id=author.id)
    comment = NewComment(
        article_id=article.id, author_id=author.id, body=CommentBody("Hi"), created_at=CLOCK.now()
    )
    async with db.unit_of_work() as uow:
        await uow.users.add(author)
        await uow.articles.add(article)
        first = await uow.comments.add(comment)
        await uow.comments.delete(first.id)
        second = await uow.comments.add(comment)
        await uow.commit()

    assert second.id > first.id
