"""Migration 0005 on both dialects: articles stored before it stay as they were; the previous
release (which knows nothing of ``article_slug``) still publishes, retitles and deletes against
the new schema, and an article it deletes takes its earlier slugs along; going back to 0004
removes only what 0005 added."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, inspect, select, update
from sqlalchemy.engine import Connection

from adapters.persistence.sql import SqlDatabase, downgrade, migrate
from adapters.persistence.sql.engine import create_engine
from adapters.persistence.sql.tables import article, article_slug, user_account
from application.articles import ArticleChanges, Articles
from tests.factories import CLOCK, a_new_article, a_user, an_article
from tests.integration.test_migration_tag_keys import _article_row, _user_row


async def _run(url: str, *statements: Any) -> list[Any]:
    """Each statement in one transaction, as the previous release's adapter would send it."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    found: list[Any] = []
    try:
        async with engine.begin() as connection:
            for statement, params in statements:
                result = await connection.execute(statement, params)
                found.append(result.all() if result.returns_rows else result.rowcount)
    finally:
        await engine.dispose()
    return found


def _tables_and_indexes(connection: Connection) -> tuple[set[str], set[str]]:
    inspector = inspect(connection)
    tables = set(inspector.get_table_names())
    indexes = {index["name"] for index in inspector.get_indexes("article_comment")}
    return tables, {name for name in indexes if name}


async def _schema(url: str) -> tuple[set[str], set[str]]:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_tables_and_indexes)
    finally:
        await engine.dispose()


async def test_the_previous_release_still_runs_against_0005(empty_database: str) -> None:
    url = empty_database
    await migrate(url, "0004")
    author = a_user()
    before = an_article(author_id=author.id, title="Stored before")
    await _run(
        url, (insert(user_account), [_user_row(author)]), (insert(article), [_article_row(before)])
    )

    await migrate(url)
    # The new release retitles the article: its old slug is kept.
    database = SqlDatabase.connect(url)
    try:
        articles = Articles(uow=database.unit_of_work, reads=database.reads, clock=CLOCK)
        renamed = await articles.update(
            before.slug.value, author.id, ArticleChanges(title="Renamed now")
        )
        assert await database.reads.current_slug("stored-before") == renamed.slug
        published = await articles.create(author.id, a_new_article(title="Published now"))
    finally:
        await database.close()

    # The previous release publishes, retitles and deletes with its own statements.
    older = an_article(author_id=author.id, title="By the old release")
    a = article.c
    results = await _run(
        url,
        (insert(article), [_article_row(older)]),
        (update(article).where(a.id == older.id).values(slug="old-release-retitled"), {}),
        (delete(article).where(a.id == before.id), {}),
        (select(article_slug.c.slug), {}),
        (select(a.slug).order_by(a.slug), {}),
    )

    assert results[1] == 1
    assert results[2] == 1
    assert results[3] == []  # the deleted article's earlier slug went with it
    assert [row[0] for row in results[4]] == ["old-release-retitled", published.slug]


async def test_going_back_to_0004_removes_only_what_0005_added(empty_database: str) -> None:
    await migrate(empty_database)
    tables_at_head, indexes_at_head = await _schema(empty_database)

    await downgrade(empty_database, "0004")
    tables, indexes = await _schema(empty_database)

    assert tables_at_head - tables == {"article_slug"}
    assert indexes_at_head - indexes == {"article_comment_article_id_created_at_id_idx"}
    assert "article_comment_article_id_created_at_idx" in indexes
