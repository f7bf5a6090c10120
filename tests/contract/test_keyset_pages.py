"""ReadModel keyset pages: the position to continue from, the total only when asked, positions
that compare equal to the stored rows (microseconds, any time zone), tags in the author's order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from application.ports import ArticleFilter, Persistence
from domain.paging import KeysetRequest, Position, Sort
from tests.contract._helpers import (
    favorite,
    follow,
    stored_article,
    stored_comment,
    stored_users,
)

T = datetime.fromisoformat("2026-05-04T03:02:01.654321+00:00")


async def test_a_page_names_where_to_continue_until_nothing_follows(db: Persistence) -> None:
    (author,) = await stored_users(db, 1)
    made = [await stored_article(db, author, now=T + timedelta(seconds=i)) for i in range(5)]

    first = await db.reads.article_page(ArticleFilter(), KeysetRequest.of(limit=2), None)
    second = await db.reads.article_page(
        ArticleFilter(), KeysetRequest.of(limit=2, after=first.next), None
    )
    third = await db.reads.article_page(
        ArticleFilter(), KeysetRequest.of(limit=2, after=second.next), None
    )

    newest = [a.slug.value for a in reversed(made)]
    assert [a.slug for a in first.articles] == newest[:2]
    assert first.next == Position(made[3].created_at, str(made[3].id))
    assert [a.slug for a in second.articles] == newest[2:4]
    assert [a.slug for a in third.articles] == newest[4:]
    assert third.next is None
    assert first.total is None  # not asked for


async def test_a_page_that_ends_exactly_at_the_last_item_has_nothing_after_it(
    db: Persistence,
) -> None:
    (author,) = await stored_users(db, 1)
    for i in range(3):
        await stored_article(db, author, now=T + timedelta(seconds=i))

    page = await db.reads.article_page(ArticleFilter(), KeysetRequest.of(limit=3), None)

    assert len(page.articles) == 3
    assert page.next is None


async def test_oldest_first_starts_with_the_first_published(db: Persistence) -> None:
    (author,) = await stored_users(db, 1)
    made = [await stored_article(db, author, now=T + timedelta(seconds=i)) for i in range(3)]

    page = await db.reads.article_page(
        ArticleFilter(), KeysetRequest.of(limit=2, sort=Sort.OLDEST_FIRST), None
    )

    assert [a.slug for a in page.articles] == [made[0].slug.value, made[1].slug.value]
    assert page.next == Position(made[1].created_at, str(made[1].id))


async def test_the_total_counts_every_match_when_asked_even_past_the_end(
    db: Persistence,
) -> None:
    author, fan = await stored_users(db, 2)
    made = [await stored_article(db, author, now=T + timedelta(seconds=i)) for i in range(3)]
    await favorite(db, fan, made[0])
    past_the_end = Position(made[0].created_at, str(made[0].id))

    page = await db.reads.article_page(
        ArticleFilter(author=author.username.value), KeysetRequest.of(with_total=True), None
    )
    empty = await db.reads.article_page(
        ArticleFilter(), KeysetRequest.of(after=past_the_end, with_total=True), None
    )
    none_match = await db.reads.article_page(
        ArticleFilter(tag="nothing"), KeysetRequest.of(with_total=True), None
    )
    favorited = await db.reads.article_page(
        ArticleFilter(favorited_by=fan.username.value), KeysetRequest.of(with_total=True), fan.id
    )

    assert page.total == 3
    assert (empty.articles, empty.total, empty.next) == ([], 3, None)
    assert (none_match.articles, none_match.total) == ([], 0)
    assert [a.slug for a in favorited.articles] == [made[0].slug.value]
    assert favorited.total == 1
    assert favorited.articles[0].favorited is True
    assert favorited.articles[0].favorites_count == 1


@pytest.mark.parametrize("zone", [UTC, timezone(timedelta(hours=-7, minutes=-30))])
async def test_a_position_compares_equal_to_its_stored_row_to_the_microsecond(
    db: Persistence, zone: timezone
) -> None:
    (author,) = await stored_users(db, 1)
    tied = [await stored_article(db, author, now=T) for _ in range(3)]
    just_before = await stored_article(db, author, now=T - timedelta(microseconds=1))
    by_id = sorted(tied, key=lambda a: a.id, reverse=True)

    first = await db.reads.article_page(ArticleFilter(), KeysetRequest.of(limit=1), None)
    assert first.next is not None
    assert first.next.created_at == T
    assert first.articles[0].created_at == T  # stored and read back exactly
    moved = Position(first.next.created_at.astimezone(zone), first.next.id)
    rest = await db.reads.article_page(ArticleFilter(), KeysetRequest.of(after=moved), None)

    assert first.articles[0].slug == by_id[0].slug.value
    assert [a.slug for a in rest.articles] == [
        *(a.slug.value for a in by_id[1:]),
        just_before.slug.value,
    ]


async def test_keyset_views_carry_tags_in_the_authors_order(db: Persistence) -> None:
    (author,) = await stored_users(db, 1)
    article = await stored_article(db, author, tags=["zeta", "Alpha", "mid"])

    page = await db.reads.article_page(ArticleFilter(), KeysetRequest.of(), None)
    single = await db.reads.article(article.slug.value, None)

    assert page.articles[0].tags == ["zeta", "Alpha", "mid"]
    assert single is not None
    assert single.tags == ["zeta", "Alpha", "mid"]


async def test_the_feed_pages_only_followed_authors(db: Persistence) -> None:
    followed, stranger, reader = await stored_users(db, 3)
    await follow(db, reader, followed)
    mine = [await stored_article(db, followed, now=T + timedelta(seconds=i)) for i in range(3)]
    await stored_article(db, stranger, now=T + timedelta(seconds=9))

    page = await db.reads.feed_page(reader.id, KeysetRequest.of(limit=2, with_total=True))

    assert [a.slug for a in page.articles] == [mine[2].slug.value, mine[1].slug.value]
    assert page.total == 3
    assert all(a.author.following for a in page.articles)


async def test_comment_pages_continue_and_count_and_miss_unknown_articles(
    db: Persistence,
) -> None:
    author, reader = await stored_users(db, 2)
    article = await stored_article(db, author)
    empty_article = await stored_article(db, author)
    made = [await stored_comment(db, article, reader, f"Comment {i}") for i in range(3)]
    slug = article.slug.value

    first = await db.reads.comment_page(slug, author.id, KeysetRequest.of(limit=2))
    assert first is not None
    second = await db.reads.comment_page(
        slug, None, KeysetRequest.of(limit=2, after=first.next, with_total=True)
    )
    oldest = await db.reads.comment_page(
        slug, None, KeysetRequest.of(limit=1, sort=Sort.OLDEST_FIRST)
    )
    none_yet = await db.reads.comment_page(
        empty_article.slug.value, None, KeysetRequest.of(with_total=True)
    )

    assert [c.id for c in first.comments] == [made[2].id, made[1].id]
    assert first.next == Position(made[1].created_at, made[1].id)
    assert first.total is None
    assert second is not None
    assert [c.id for c in second.comments] == [made[0].id]
    assert (second.next, second.total) == (None, 3)
    assert oldest is not None
    assert [c.body for c in oldest.comments] == ["Comment 0"]
    assert none_yet is not None
    assert (none_yet.comments, none_yet.next, none_yet.total) == ([], None, 0)
    assert await db.reads.comment_page("no-such-article", None, KeysetRequest.of()) is None
