"""Keyset pages on SQL: a constant number of statements whatever the page size (counted by the
adapter's own observer, on the path production runs: asyncpg from the read pool on PostgreSQL),
and statements that each database answers from an index, without OFFSET."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import pytest

from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql import keyset_queries as k
from adapters.persistence.sql.queries import Shape
from application.ports import ArticleFilter
from domain.comments import CommentBody, NewComment
from domain.paging import KeysetRequest, Position, Sort
from domain.users import User
from tests.contract._helpers import favorite, follow, stored_article, stored_users
from tests.factories import CLOCK, an_article, some_tags

MANY = 101


class Counter:
    def __init__(self) -> None:
        self.count = 0
        self.by_driver = 0
        self.sql: list[str] = []

    def __call__(self, sql: str) -> None:
        self.count += 1
        self.sql.append(sql)


@pytest.fixture
async def counter(db: SqlDatabase, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Counter]:
    counting = Counter()
    fetch = asyncpg.Connection.fetch

    async def counted_fetch(self: asyncpg.Connection, *args: Any, **kwargs: Any) -> Any:
        counting.by_driver += 1
        return await fetch(self, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "fetch", counted_fetch)
    stop = db.observe(counting)
    yield counting
    stop()


async def _seed(db: SqlDatabase) -> tuple[User, str]:
    author, reader = await stored_users(db, 2)
    await follow(db, reader, author)
    articles = [an_article(author_id=author.id, tags=some_tags(3)) for _ in range(MANY)]
    async with db.unit_of_work() as uow:
        for article in articles:
            await uow.articles.add(article)
        for number in range(MANY):
            await uow.comments.add(
                NewComment(
                    article_id=articles[0].id,
                    author_id=reader.id,
                    body=CommentBody(f"#{number}"),
                    created_at=CLOCK.now(),
                )
            )
        await uow.commit()
    await favorite(db, reader, articles[0])
    return reader, articles[0].slug.value


async def _counted(db: SqlDatabase, counter: Counter, read: Any) -> tuple[int, Any]:
    before, by_driver = counter.count, counter.by_driver
    answer = await read()
    counted = counter.count - before
    postgres = db.engine.dialect.name == "postgresql"
    assert counter.by_driver - by_driver == (counted if postgres else 0)
    if postgres:  # SQLAlchemy writes an ``OFFSET 0`` (a parameter) after any LIMIT on SQLite
        assert not any("OFFSET" in sql.upper() for sql in counter.sql[before:])
    return counted, answer


@pytest.mark.parametrize("total", [False, True])
async def test_keyset_pages_take_the_same_statements_for_1_or_100_items(
    db: SqlDatabase, counter: Counter, total: bool
) -> None:
    reader, busy = await _seed(db)
    postgres = db.engine.dialect.name == "postgresql"
    for viewer in (None, reader.id):
        for sort in Sort:
            counts = []
            for limit in (1, 100):
                request = KeysetRequest.of(limit=limit, sort=sort, with_total=total)
                n, page = await _counted(
                    db,
                    counter,
                    lambda r=request, v=viewer: db.reads.article_page(ArticleFilter(), r, v),
                )
                assert len(page.articles) == limit
                assert page.total == (MANY if total else None)
                m, comments = await _counted(
                    db, counter, lambda r=request, v=viewer: db.reads.comment_page(busy, v, r)
                )
                assert len(comments.comments) == limit
                counts.append((n, m))
            assert counts[0] == counts[1] == ((1 if postgres else 2), 1)
    request = KeysetRequest.of(limit=100, with_total=total)
    n, feed = await _counted(db, counter, lambda: db.reads.feed_page(reader.id, request))
    assert (len(feed.articles), n) == (100, 1 if postgres else 2)


async def test_an_empty_page_asked_for_its_total_takes_one_count_more(
    db: SqlDatabase, counter: Counter
) -> None:
    (author,) = await stored_users(db, 1)
    only = await stored_article(db, author)
    past = Position(only.created_at, str(only.id))

    n, page = await _counted(
        db,
        counter,
        lambda: db.reads.article_page(
            ArticleFilter(), KeysetRequest.of(after=past, with_total=True), None
        ),
    )
    assert (page.articles, page.total, n) == ([], 1, 2)


def _plan_text(rows: list[Any]) -> str:
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


async def _plan(db: SqlDatabase, statement: Any, values: dict[str, Any]) -> str:
    async with db.engine.connect() as connection:
        compiled = statement.compile(dialect=connection.dialect)
        given = compiled.construct_params(values)  # with the literals SQLAlchemy bound itself
        args = [given[n] for n in compiled.positiontup or ()]
        raw = await connection.get_raw_connection()
        driver: Any = raw.driver_connection
        if connection.dialect.name == "postgresql":
            await driver.execute("SET enable_seqscan = off")
            rows = await driver.fetch(f"EXPLAIN {compiled}", *args)
            await driver.execute("RESET enable_seqscan")
            return _plan_text([tuple(r) for r in rows])
        cursor = await driver.execute(f"EXPLAIN QUERY PLAN {compiled}", args)
        return _plan_text(list(await cursor.fetchall()))


@pytest.mark.parametrize("sort", list(Sort))
async def test_keyset_statements_walk_the_created_at_id_indexes(
    db: SqlDatabase, sort: Sort
) -> None:
    keyset = k.Keyset(newest_first=sort is Sort.NEWEST_FIRST, after=True)
    postgres = db.engine.dialect.name == "postgresql"
    at = datetime(2026, 1, 1, tzinfo=UTC)
    article_values = {"limit": 21, "after_at": at, "after_id": uuid.uuid4()}
    if not postgres:
        article_values = {"limit": 21, "after_at": "2026-01-01 00:00:00.000000", "after_id": "0"}
    statement = (k.tagged_article_keyset_page if postgres else k.article_keyset_page)(
        Shape(), keyset
    ).statement
    article_plan = await _plan(db, statement, article_values)
    comment_values = {**article_values, "after_id": 7, "slug": "some-slug"}
    comment_plan = await _plan(db, k.comment_keyset_page(False, keyset).statement, comment_values)

    assert "article_created_at_id_idx" in article_plan, article_plan
    assert "article_comment_article_id_created_at_id_idx" in comment_plan, comment_plan
    if not postgres:  # the page is read in index order: no sort of the matches
        assert "TEMP B-TREE" not in article_plan.split("article_created_at_id_idx")[0]
