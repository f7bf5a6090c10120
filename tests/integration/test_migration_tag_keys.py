"""Migration 0002 on both dialects: tags stored under 0001 get their keys, case-duplicates inside an
article are merged (the first spelling by position stays, positions dense), and the previous
release, which inserts tags without a key, still works against the new schema."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import insert, select, text

from adapters.persistence.sql import SqlDatabase, migrate
from adapters.persistence.sql.engine import create_engine
from adapters.persistence.sql.migrator import alembic_config
from adapters.persistence.sql.tables import article, article_tag, user_account
from application.ports import ArticleFilter
from domain.articles import Article, tag_key
from domain.paging import PageRequest
from domain.users import User
from tests.factories import a_user, an_article

# Spellings as the previous release let an author store them: different cases of one tag.
TAGGED = {
    "dupes": ["Python", "web", "python", "PYTHON", "Web", "rust"],
    "folded": ["Straße", "STRASSE", "strasse"],
    "plain": ["python"],
    "other": ["Rust", "go"],
}


def _user_row(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username.value,
        "email": user.email.value,
        "email_key": user.email.key,
        "password_hash": "$test$hash",
        "bio": None,
        "image": None,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }


def _article_row(entity: Article) -> dict[str, Any]:
    return {
        "id": entity.id,
        "author_id": entity.author_id,
        "slug": entity.slug.value,
        "title": entity.title.value,
        "description": entity.description.value,
        "body": entity.body.value,
        "created_at": entity.created_at,
        "updated_at": entity.updated_at,
    }


async def _insert_as_the_previous_release(
    url: str, author: User | None, tags: dict[Article, list[str]]
) -> None:
    """Rows exactly as release 0001's adapter writes them: no ``tag_key``."""
    engine = create_engine(url, pool_size=1, max_overflow=0)
    try:
        async with engine.begin() as connection:
            if author is not None:
                await connection.execute(insert(user_account), [_user_row(author)])
            for entity, spellings in tags.items():
                await connection.execute(insert(article), [_article_row(entity)])
                await connection.execute(
                    insert(article_tag),
                    [
                        {"article_id": entity.id, "position": position, "tag": tag}
                        for position, tag in enumerate(spellings)
                    ],
                )
    finally:
        await engine.dispose()


async def _stored_tags(url: str) -> dict[Any, list[tuple[int, str, str | None]]]:
    engine = create_engine(url, pool_size=1, max_overflow=0)
    statement = select(article_tag.c.article_id, article_tag.c.position, article_tag.c.tag)
    try:
        async with engine.connect() as connection:
            rows = (
                await connection.execute(
                    statement.add_columns(text("tag_key")).order_by(
                        article_tag.c.article_id, article_tag.c.position
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    found: dict[Any, list[tuple[int, str, str | None]]] = {}
    for article_id, position, tag, key in rows:
        found.setdefault(article_id, []).append((position, tag, key))
    return found


@pytest.fixture
async def seeded(empty_database: str) -> tuple[str, User, dict[str, Article]]:
    """A database at 0001 holding TAGGED's articles, then migrated to the newest revision."""
    await migrate(empty_database, "0001")
    author = a_user()
    articles = {name: an_article(author_id=author.id) for name in TAGGED}
    spellings = {articles[name]: tags for name, tags in TAGGED.items()}
    await _insert_as_the_previous_release(empty_database, author, spellings)
    await migrate(empty_database)
    return empty_database, author, articles


async def test_an_article_keeps_the_first_spelling_of_each_tag_with_dense_positions(
    seeded: tuple[str, User, dict[str, Article]],
) -> None:
    url, _, articles = seeded

    stored = await _stored_tags(url)

    assert stored[articles["dupes"].id] == [
        (0, "Python", "python"),
        (1, "web", "web"),
        (2, "rust", "rust"),
    ]
    assert stored[articles["folded"].id] == [(0, "Straße", "strasse")]
    assert stored[articles["plain"].id] == [(0, "python", "python")]
    assert stored[articles["other"].id] == [(0, "Rust", "rust"), (1, "go", "go")]


async def test_after_the_migration_tags_are_one_whatever_their_case(
    seeded: tuple[str, User, dict[str, Article]],
) -> None:
    url, _, articles = seeded
    database = SqlDatabase.connect(url)
    try:
        tags = await database.reads.tags()
        tagged = await database.reads.articles(ArticleFilter(tag="PYTHON"), PageRequest(), None)
        view = await database.reads.article(articles["dupes"].slug.value, None)
    finally:
        await database.close()

    # python: 2 articles (Python once, python once: the tie goes to "Python"); rust: 2 (rust, Rust)
    assert tags == ["Python", "Rust", "go", "Straße", "web"]
    assert {a.slug for a in tagged.articles} == {
        articles["dupes"].slug.value,
        articles["plain"].slug.value,
    }
    assert view is not None
    assert view.tags == ["Python", "web", "rust"]


async def test_the_previous_release_can_still_insert_tags_and_they_get_a_key(
    seeded: tuple[str, User, dict[str, Article]],
) -> None:
    url, author, _ = seeded
    late = an_article(author_id=author.id)

    await _insert_as_the_previous_release(url, None, {late: ["Django", "WEB"]})

    stored = await _stored_tags(url)
    assert stored[late.id] == [(0, "Django", "django"), (1, "WEB", "web")]
    database = SqlDatabase.connect(url)
    try:
        found = await database.reads.articles(ArticleFilter(tag="django"), PageRequest(), None)
    finally:
        await database.close()
    assert [a.slug for a in found.articles] == [late.slug.value]


def test_the_keys_the_migration_computes_are_the_domains() -> None:
    migration = ScriptDirectory.from_config(alembic_config()).get_revision("0002")
    assert migration is not None
    for tag in ("Python", " Straße ", "ǅemal", "ΣΊΣΥΦΟΣ", "Éclair", "e\u0301clair"):
        assert migration.module.tag_key(tag) == tag_key(tag)
