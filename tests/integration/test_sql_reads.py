"""The SQL read model answers in a constant number of statements whatever the page size, counted
by the adapter's own statement observer on the path production takes (on PostgreSQL, asyncpg
straight from the read pool)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.persistence.sql import SqlDatabase
from application.ports import ArticleFilter, ReadModel
from domain.comments import CommentBody, NewComment
from domain.paging import PageRequest
from domain.users import User
from tests.factories import CLOCK, a_user, an_article
from tests.support.databases import open_database

ARTICLES = 12


@pytest.fixture
async def reader(db: SqlDatabase) -> User:
    return await _reader(db)


async def _reader(db: SqlDatabase) -> User:
    """A reader who follows an author of ARTICLES tagged, favorited, commented articles."""
    author, reader = a_user(), a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(author)
        await uow.users.add(reader)
        await uow.follows.add(reader.id, author.id)
        for number in range(ARTICLES):
            article = an_article(author_id=author.id, tags=[f"t{number}", "common"])
            await uow.articles.add(article)
            await uow.favorites.add(reader.id, article.id)
            comment = NewComment(
                article_id=article.id,
                author_id=reader.id,
                body=CommentBody(f"comment {number}"),
                created_at=CLOCK.now(),
            )
            await uow.comments.add(comment)
            await uow.comments.add(comment)
        await uow.commit()
    return reader


@pytest.fixture
def statements(db: SqlDatabase) -> Iterator[list[str]]:
    seen: list[str] = []
    stop = db.observe(seen.append)
    yield seen
    stop()


def _per_list(db: SqlDatabase) -> int:
    """PostgreSQL brings the tags in the page's own rows; SQLite fetches them separately."""
    return 1 if db.engine.dialect.name == "postgresql" else 2


async def _count(statements: list[str], call: Any) -> int:
    statements.clear()
    await call
    return len(statements)


async def test_a_page_takes_the_same_statements_for_one_article_or_many(
    db: SqlDatabase, reader: User, statements: list[str]
) -> None:
    for viewer in (None, reader.id):
        for limit in (1, ARTICLES):
            page = db.reads.articles(ArticleFilter(), PageRequest(limit=limit), viewer)
            assert await _count(statements, page) == _per_list(db)
        favorited = ArticleFilter(tag="common", favorited_by=reader.username.value)
        page = db.reads.articles(favorited, PageRequest(limit=ARTICLES), viewer)
        assert await _count(statements, page) == _per_list(db)
    feed = db.reads.feed(reader.id, PageRequest(limit=ARTICLES))
    assert await _count(statements, feed) == _per_list(db)


async def test_only_an_empty_page_past_the_end_needs_a_separate_count(
    db: SqlDatabase, reader: User, statements: list[str]
) -> None:
    past_end = PageRequest(limit=5, offset=ARTICLES)

    assert await _count(statements, db.reads.articles(ArticleFilter(), past_end, None)) == 2
    assert (await db.reads.articles(ArticleFilter(), past_end, None)).total == ARTICLES
    nothing = db.reads.articles(ArticleFilter(tag="none"), PageRequest(), reader.id)
    assert await _count(statements, nothing) == 1


async def test_single_views_take_one_statement_each(
    db: SqlDatabase, reader: User, statements: list[str]
) -> None:
    page = await db.reads.articles(ArticleFilter(), PageRequest(limit=1), reader.id)
    slug = page.articles[0].slug
    comments = await db.reads.comments(slug, reader.id)
    assert comments is not None
    assert len(comments) == 2

    assert await _count(statements, db.reads.comments(slug, reader.id)) == 1
    assert await _count(statements, db.reads.comment(comments[0].id, reader.id)) == 1
    assert await _count(statements, db.reads.profile(reader.username.value, reader.id)) == 1
    assert await _count(statements, db.reads.tags()) == 1
    assert await _count(statements, db.reads.article(slug, reader.id)) == _per_list(db)


async def test_a_page_carries_the_viewers_flags_counts_and_ordered_tags(
    db: SqlDatabase, reader: User
) -> None:
    page = await db.reads.feed(reader.id, PageRequest(limit=3))

    assert page.total == ARTICLES
    assert [a.tags for a in page.articles] == [
        [f"t{n}", "common"] for n in range(ARTICLES - 1, ARTICLES - 4, -1)
    ]
    assert all(a.favorited and a.favorites_count == 1 for a in page.articles)
    assert all(a.author.following for a in page.articles)
    assert all(a.created_at.utcoffset() is not None for a in page.articles)


async def test_tags_tie_break_in_code_point_order_whatever_the_locale(db: SqlDatabase) -> None:
    author = a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(author)
        for tags in (["b", "_x"], ["é"], ["a"], ["B"], ["Z"]):
            await uow.articles.add(an_article(author_id=author.id, tags=tags))
        await uow.commit()

    # b and B are one tag, shown as B (first in code point order of two spellings used once);
    # the others by key: _ (U+005F) < a < b < z < é (U+00E9), where a locale would put é first.
    assert await db.reads.tags() == ["B", "_x", "a", "Z", "é"]


@pytest.fixture
async def postgres_db(postgres_url: str, tmp_path: Path) -> AsyncIterator[SqlDatabase]:
    async with open_database(
        "postgres", tmp_path=tmp_path, sqlite_template=None, postgres_url=postgres_url
    ) as database:
        assert isinstance(database, SqlDatabase)
        yield database


@pytest.fixture
async def driver_fetches(
    postgres_db: SqlDatabase, monkeypatch: pytest.MonkeyPatch
) -> list[tuple[str, bool]]:
    """Statements PostgreSQL reads send straight through asyncpg, each with whether the driver
    connection was inside a transaction."""
    pooled = await postgres_db.engine.raw_connection()
    driver = pooled.driver_connection
    assert driver is not None
    driver_class = type(driver)
    pooled.close()
    fetch = driver_class.fetch
    seen: list[tuple[str, bool]] = []

    async def spy(self: Any, query: str, *args: Any, **kwargs: Any) -> Any:
        seen.append((query, self.is_in_transaction()))
        return await fetch(self, query, *args, **kwargs)

    monkeypatch.setattr(driver_class, "fetch", spy)
    return seen


async def _every_read(reads: ReadModel, reader: User) -> list[object]:
    page = await reads.articles(ArticleFilter(), PageRequest(limit=5), None)
    slug = page.articles[0].slug
    comments = await reads.comments(slug, reader.id)
    assert comments
    return [
        page,
        await reads.articles(ArticleFilter(tag="COMMON"), PageRequest(limit=5), reader.id),
        await reads.articles(ArticleFilter(), PageRequest(offset=ARTICLES), reader.id),
        await reads.feed(reader.id, PageRequest(limit=5)),
        await reads.article(slug, reader.id),
        await reads.article(slug, None),
        comments,
        await reads.comments(slug, None),
        await reads.comment(comments[0].id, reader.id),
        await reads.profile(reader.username.value.upper(), reader.id),
        await reads.tags(),
    ]


async def test_postgres_plain_reads_go_straight_to_the_driver_outside_any_transaction(
    postgres_db: SqlDatabase, driver_fetches: list[tuple[str, bool]]
) -> None:
    reader = await _reader(postgres_db)
    driver_fetches.clear()

    await postgres_db.reads.articles(ArticleFilter(), PageRequest(limit=ARTICLES), reader.id)
    await postgres_db.reads.article("no-such-article", None)

    assert len(driver_fetches) == 2
    assert not any(in_transaction for _, in_transaction in driver_fetches)


async def test_postgres_reads_give_the_same_views_by_driver_and_by_core(
    postgres_db: SqlDatabase, driver_fetches: list[tuple[str, bool]]
) -> None:
    reader = await _reader(postgres_db)
    by_driver = await _every_read(postgres_db.reads, reader)
    fetched = len(driver_fetches)
    async with postgres_db.unit_of_work() as uow:  # uow.reads: SQLAlchemy Core, in its transaction
        by_core = await _every_read(uow.reads, reader)

    assert fetched >= len(by_driver)
    assert len(driver_fetches) == fetched  # nothing in the unit of work went past SQLAlchemy
    assert by_core == by_driver


async def test_statements_on_both_paths_reach_the_observer_until_it_stops(
    postgres_db: SqlDatabase, driver_fetches: list[tuple[str, bool]]
) -> None:
    reader = await _reader(postgres_db)
    seen: list[str] = []
    stop = postgres_db.observe(seen.append)
    driver_fetches.clear()
    await postgres_db.reads.tags()
    async with postgres_db.unit_of_work() as uow:
        await uow.reads.profile(reader.username.value, None)
    stop()
    await postgres_db.reads.tags()
    async with postgres_db.unit_of_work() as uow:
        await uow.reads.profile(reader.username.value, None)

    assert [query for query, _ in driver_fetches[:1]] == seen[:1]  # asyncpg's, from the read pool
    assert len(seen) == 2
    assert "user_account" in seen[1]  # SQLAlchemy's, in the unit of work
    assert len(driver_fetches) == 2
