"""The walk (issue 9): walking a list page by page while articles are published and deleted never
returns an item twice and never skips one that existed throughout the walk, on every adapter, in
both orders, with many items sharing one created_at (the ids break the ties)."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

import pytest

from application.ports import ArticleFilter, Persistence
from application.views import ArticleSummary
from domain.articles import Article
from domain.comments import CommentBody, NewComment
from domain.ids import CommentId
from domain.paging import KeysetRequest, Position, Sort
from domain.users import User
from tests.contract._helpers import follow, stored_article, stored_users
from tests.factories import an_article

# Four instants with microseconds: the stores must keep them exactly for positions to compare.
BASE = datetime.fromisoformat("2026-03-01T10:00:00.123456+00:00")
INSTANTS = [BASE + timedelta(microseconds=step) for step in (0, 1, 250_001, 999_999)]
SORTS = pytest.mark.parametrize("sort", list(Sort))

Key = tuple[datetime, str]


async def _publish(db: Persistence, articles: list[Article]) -> None:
    async with db.unit_of_work() as uow:
        for article in articles:
            await uow.articles.add(article)
        await uow.commit()


async def _delete(db: Persistence, article: Article) -> None:
    async with db.unit_of_work() as uow:
        await uow.articles.delete(article.id)
        await uow.commit()


def _at(rng: random.Random) -> datetime:
    return rng.choice(INSTANTS)


async def _walk_articles(
    db: Persistence,
    author: User,
    sort: Sort,
    read: Callable[[KeysetRequest], Awaitable[tuple[list[Key], Position | None]]],
    tags: list[str],
) -> None:
    rng = random.Random(f"{sort}")
    initial = [an_article(author_id=author.id, tags=tags, now=_at(rng)) for _ in range(30)]
    await _publish(db, initial)
    live = {a.slug.value: a for a in initial}
    ids = {a.slug.value: str(a.id) for a in initial}
    deleted: set[str] = set()
    seen: list[Key] = []
    after: Position | None = None
    pages = 0
    while True:
        keys, after = await read(KeysetRequest.of(limit=4, sort=sort, after=after))
        seen.extend(keys)
        pages += 1
        # Between pages: one article leaves (seen or not), two arrive at the same instants.
        victim = rng.choice(sorted(live))
        await _delete(db, live.pop(victim))
        deleted.add(victim)
        fresh = [an_article(author_id=author.id, tags=tags, now=_at(rng)) for _ in range(2)]
        await _publish(db, fresh)
        live.update({a.slug.value: a for a in fresh})
        ids.update({a.slug.value: str(a.id) for a in fresh})
        if after is None:
            break
        assert pages < 100, "the walk does not end"
    seen_slugs = [slug for _, slug in seen]
    throughout = {a.slug.value for a in initial} - deleted
    assert len(seen_slugs) == len(set(seen_slugs)), "an article came back twice"
    assert throughout <= set(seen_slugs), "an article that existed throughout was skipped"
    order = [(created_at, ids[slug]) for created_at, slug in seen]
    assert order == sorted(order, reverse=sort is Sort.NEWEST_FIRST)


@SORTS
async def test_walking_all_articles_neither_repeats_nor_skips(db: Persistence, sort: Sort) -> None:
    (author,) = await stored_users(db, 1)

    async def read(request: KeysetRequest) -> tuple[list[Key], Position | None]:
        page = await db.reads.article_page(ArticleFilter(), request, None)
        return _keys(page.articles), page.next

    await _walk_articles(db, author, sort, read, [])


@SORTS
async def test_walking_a_tag_neither_repeats_nor_skips(db: Persistence, sort: Sort) -> None:
    author, other = await stored_users(db, 2)
    await stored_article(db, other, tags=["elsewhere"], now=INSTANTS[0])  # not in the list

    async def read(request: KeysetRequest) -> tuple[list[Key], Position | None]:
        page = await db.reads.article_page(ArticleFilter(tag="Walk"), request, other.id)
        return _keys(page.articles), page.next

    await _walk_articles(db, author, sort, read, ["walk"])


@SORTS
async def test_walking_the_feed_neither_repeats_nor_skips(db: Persistence, sort: Sort) -> None:
    author, reader, stranger = await stored_users(db, 3)
    await follow(db, reader, author)
    await stored_article(db, stranger, now=INSTANTS[1])  # not followed: not in the feed

    async def read(request: KeysetRequest) -> tuple[list[Key], Position | None]:
        page = await db.reads.feed_page(reader.id, request)
        return _keys(page.articles), page.next

    await _walk_articles(db, author, sort, read, [])


def _keys(views: Sequence[ArticleSummary]) -> list[Key]:
    """Each view's (created_at, slug); the slug stands for the article in the checks."""
    return [(view.created_at, view.slug) for view in views]


@SORTS
async def test_walking_comments_neither_repeats_nor_skips(db: Persistence, sort: Sort) -> None:
    author, reader = await stored_users(db, 2)
    article = await stored_article(db, author)
    rng = random.Random(f"comments {sort}")

    async def add(count: int) -> list[CommentId]:
        async with db.unit_of_work() as uow:
            added = [
                await uow.comments.add(
                    NewComment(
                        article_id=article.id,
                        author_id=rng.choice([author, reader]).id,
                        body=CommentBody("Tied."),
                        created_at=_at(rng),
                    )
                )
                for _ in range(count)
            ]
            await uow.commit()
        return [comment.id for comment in added]

    initial = await add(30)
    live = set(initial)
    deleted: set[CommentId] = set()
    seen: list[tuple[datetime, int]] = []
    after: Position | None = None
    for _ in range(100):
        page = await db.reads.comment_page(
            article.slug.value, reader.id, KeysetRequest.of(limit=4, sort=sort, after=after)
        )
        assert page is not None
        seen.extend((c.created_at, c.id) for c in page.comments)
        after = page.next
        victim = rng.choice(sorted(live))
        async with db.unit_of_work() as uow:
            await uow.comments.delete(victim)
            await uow.commit()
        live.discard(victim)
        deleted.add(victim)
        live.update(await add(2))
        if after is None:
            break
    ids = [comment_id for _, comment_id in seen]
    assert after is None, "the walk does not end"
    assert len(ids) == len(set(ids)), "a comment came back twice"
    assert set(initial) - deleted <= set(ids), "a comment that existed throughout was skipped"
    assert seen == sorted(seen, reverse=sort is Sort.NEWEST_FIRST)
