"""ReadModel.feed: articles by the authors a viewer follows, newest first, paged, counted."""

from __future__ import annotations

from application.ports import Persistence
from domain.paging import PageRequest
from tests.contract._helpers import favorite, follow, slugs, stored_article, stored_users


async def test_the_feed_lists_only_followed_authors_newest_first(db: Persistence) -> None:
    reader, ann, bob, cid = await stored_users(db, 4)
    await follow(db, reader, ann)
    await follow(db, reader, bob)
    a1 = await stored_article(db, ann)
    await stored_article(db, cid)
    b1 = await stored_article(db, bob)
    await stored_article(db, reader)
    a2 = await stored_article(db, ann)
    page = await db.reads.feed(reader.id, PageRequest())
    assert slugs(page) == [a2.slug.value, b1.slug.value, a1.slug.value]
    assert page.total == 3
    assert all(a.author.following for a in page.articles)


async def test_the_feed_is_paged_and_counts_every_entry(db: Persistence) -> None:
    reader, ann = await stored_users(db, 2)
    await follow(db, reader, ann)
    written = [await stored_article(db, ann) for _ in range(5)]
    newest_first = [a.slug.value for a in reversed(written)]
    first = await db.reads.feed(reader.id, PageRequest(limit=2, offset=0))
    one = await db.reads.feed(reader.id, PageRequest(limit=1, offset=3))
    last = await db.reads.feed(reader.id, PageRequest(limit=2, offset=4))
    past = await db.reads.feed(reader.id, PageRequest(limit=2, offset=5))
    assert (slugs(first), first.total) == (newest_first[:2], 5)
    assert (slugs(one), one.total) == (newest_first[3:4], 5)
    assert (slugs(last), last.total) == (newest_first[4:], 5)
    assert (slugs(past), past.total) == ([], 5)


async def test_the_feed_is_empty_for_a_viewer_who_follows_nobody(db: Persistence) -> None:
    reader, ann = await stored_users(db, 2)
    await stored_article(db, ann)
    await follow(db, ann, reader)  # being followed does not fill one's own feed
    page = await db.reads.feed(reader.id, PageRequest())
    assert (page.articles, page.total) == ([], 0)


async def test_the_feed_drops_an_author_once_unfollowed(db: Persistence) -> None:
    reader, ann, bob = await stored_users(db, 3)
    await follow(db, reader, ann)
    await follow(db, reader, bob)
    await stored_article(db, ann)
    kept = await stored_article(db, bob)
    async with db.unit_of_work() as uow:
        await uow.follows.remove(reader.id, ann.id)
        await uow.commit()
    page = await db.reads.feed(reader.id, PageRequest())
    assert (slugs(page), page.total) == ([kept.slug.value], 1)


async def test_feed_entries_show_the_viewers_favorites_and_counts(db: Persistence) -> None:
    reader, ann, fan = await stored_users(db, 3)
    await follow(db, reader, ann)
    liked = await stored_article(db, ann, tags=["x", "a"])
    other = await stored_article(db, ann)
    await favorite(db, reader, liked)
    await favorite(db, fan, liked)
    await favorite(db, fan, other)
    page = await db.reads.feed(reader.id, PageRequest())
    flags = [(a.slug, a.favorited, a.favorites_count, a.tags) for a in page.articles]
    assert flags == [
        (other.slug.value, False, 1, []),
        (liked.slug.value, True, 2, ["x", "a"]),
    ]
