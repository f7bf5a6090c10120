"""No N+1: each read answers in a fixed number of SQL statements, whatever the page size or the
number of comments, counted by the app's own adapter (``SqlDatabase.observe``) on the path that
serves production: on PostgreSQL, asyncpg straight from the read pool."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from fastapi import FastAPI

from adapters.persistence.sql import SqlDatabase
from domain.ids import UserId
from entrypoints.api.state import UseCases
from tests.api.conduit import Account, Conduit, persistence_of
from tests.factories import a_new_article, some_tags

MANY = 101


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


# Per request on each database: the page and (SQLite) its tags; the comments in one.
EXPECTED = {
    "postgres": {"list articles": 1, "single article": 1, "comments": 1, "feed": 1},
    "sqlite": {"list articles": 2, "single article": 2, "comments": 1, "feed": 2},
}


class StatementCounter:
    def __init__(self, *, postgres: bool) -> None:
        self.postgres = postgres
        self.count = 0
        self.by_driver = 0  # statements asyncpg's Connection.fetch sent (the read pool's path)

    def __call__(self, _sql: str) -> None:
        self.count += 1


@pytest.fixture
async def counter(
    app: FastAPI, db_kind: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[StatementCounter]:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    counting = StatementCounter(postgres=db_kind == "postgres")
    fetch = asyncpg.Connection.fetch

    async def counted_fetch(self: asyncpg.Connection, *args: Any, **kwargs: Any) -> Any:
        counting.by_driver += 1
        return await fetch(self, *args, **kwargs)

    monkeypatch.setattr(asyncpg.Connection, "fetch", counted_fetch)
    stop = database.observe(counting)
    yield counting
    stop()


async def statements_for(
    conduit: Conduit, counter: StatementCounter, path: str, account: Account | None = None
) -> tuple[int, dict[str, Any]]:
    before, by_driver = counter.count, counter.by_driver
    body = await conduit.get_json(path, account)
    counted = counter.count - before
    # PostgreSQL's plain reads all go through the read pool; SQLite's all through SQLAlchemy.
    assert counter.by_driver - by_driver == (counted if counter.postgres else 0), path
    return counted, body


async def seed(app: FastAPI, conduit: Conduit) -> tuple[Account, str, str]:
    """A reader following an author of MANY articles (favorited, tagged), one article with MANY
    comments and one with a single comment."""
    author, reader = await conduit.register(), await conduit.register()
    await conduit.follow(reader, author.username)
    use_cases: UseCases = app.state.use_cases
    author_id: UserId = use_cases.users.authenticate(author.token)
    reader_id: UserId = use_cases.users.authenticate(reader.token)
    slugs = []
    for _ in range(MANY):
        view = await use_cases.articles.create(author_id, a_new_article(tags=some_tags(3)))
        await use_cases.articles.favorite(view.slug, reader_id)
        slugs.append(view.slug)
    busy, quiet = slugs[0], slugs[1]
    for number in range(MANY):
        await use_cases.comments.add(busy, reader_id if number % 2 else author_id, f"#{number}")
    await use_cases.comments.add(quiet, reader_id, "only one")
    return reader, busy, quiet


async def test_reads_take_the_same_number_of_statements_for_1_or_100_items(
    app: FastAPI, conduit: Conduit, counter: StatementCounter, db_kind: str
) -> None:
    reader, busy, quiet = await seed(app, conduit)
    counts: dict[str, tuple[int, int]] = {}

    for viewer in (None, reader):
        who = "reader" if viewer else "anonymous"
        small, one = await statements_for(conduit, counter, "/api/articles?limit=1", viewer)
        large, hundred = await statements_for(conduit, counter, "/api/articles?limit=100", viewer)
        assert (len(one["articles"]), len(hundred["articles"])) == (1, 100)
        counts[f"list articles ({who})"] = (small, large)

        small, _ = await statements_for(conduit, counter, f"/api/articles/{quiet}", viewer)
        large, _ = await statements_for(conduit, counter, f"/api/articles/{busy}", viewer)
        counts[f"single article ({who})"] = (small, large)

        path = "/api/articles/{}/comments"
        small, one = await statements_for(conduit, counter, path.format(quiet), viewer)
        large, many = await statements_for(conduit, counter, path.format(busy), viewer)
        assert (len(one["comments"]), len(many["comments"])) == (1, MANY)
        counts[f"comments ({who})"] = (small, large)

    small, one = await statements_for(conduit, counter, "/api/articles/feed?limit=1", reader)
    large, hundred = await statements_for(conduit, counter, "/api/articles/feed?limit=100", reader)
    assert (len(one["articles"]), len(hundred["articles"])) == (1, 100)
    assert hundred["articlesCount"] == MANY
    counts["feed (reader)"] = (small, large)

    print(f"\nSQL statements per request on {db_kind} (1 item, many items):")
    for name, (small, large) in counts.items():
        print(f"  {name:28} {small} / {large}")
    for name, (small, large) in counts.items():
        assert small == large, f"{name}: {small} statements for one item, {large} for many"
        expected = EXPECTED[db_kind][name.split(" (")[0]]
        assert small == expected, f"{name}: {small} statements, expected {expected}"
