"""Articles.feed: articles by the authors the viewer follows, newest first, paged."""

from __future__ import annotations

from domain.paging import PageRequest
from tests.unit.application.harness import App, Member


async def test_the_feed_holds_articles_by_followed_authors_newest_first(
    app: App, ann: Member, bob: Member
) -> None:
    carol = await app.member()
    await app.follow(ann, bob)
    await app.follow(ann, carol)
    first = await app.article_by(bob)
    await app.article_by(ann)
    second = await app.article_by(carol)
    third = await app.article_by(bob)
    feed = await app.articles.feed(ann.id, PageRequest.of())
    assert [a.slug for a in feed.articles] == [third.slug, second.slug, first.slug]
    assert feed.total == 3
    assert all(a.author.following for a in feed.articles)


async def test_the_feed_is_empty_when_following_nobody(app: App, ann: Member, bob: Member) -> None:
    await app.article_by(bob)
    await app.article_by(ann)
    feed = await app.articles.feed(ann.id, PageRequest.of())
    assert (feed.articles, feed.total) == ([], 0)


async def test_the_feed_is_paged_with_the_full_total(app: App, ann: Member, bob: Member) -> None:
    await app.follow(ann, bob)
    created = [await app.article_by(bob) for _ in range(4)]
    feed = await app.articles.feed(ann.id, PageRequest.of(limit=2, offset=2))
    assert [a.slug for a in feed.articles] == [created[1].slug, created[0].slug]
    assert feed.total == 4


async def test_unfollowing_removes_an_author_from_the_feed(
    app: App, ann: Member, bob: Member
) -> None:
    await app.follow(ann, bob)
    await app.article_by(bob)
    await app.profiles.unfollow(ann.id, bob.username)
    assert (await app.articles.feed(ann.id, PageRequest.of())).total == 0


async def test_one_users_feed_is_not_anothers(app: App, ann: Member, bob: Member) -> None:
    await app.follow(ann, bob)
    await app.article_by(bob)
    assert (await app.articles.feed(bob.id, PageRequest.of())).total == 0
