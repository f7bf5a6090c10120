"""Many units of work at once: constraints hold and no write is lost, on every adapter."""

from __future__ import annotations

import asyncio

from application.ports import ArticleFilter, Persistence
from domain.errors import AlreadyExists
from domain.paging import PageRequest
from domain.users import User
from tests.contract._helpers import (
    articles_use_case,
    comments_use_case,
    profiles_use_case,
    stored_article,
    stored_user,
    stored_users,
)
from tests.factories import a_new_article, a_user


async def test_fifty_concurrent_favorites_of_one_article_are_all_counted(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    fans = await stored_users(db, 50)
    article = await stored_article(db, author)
    articles = articles_use_case(db)

    views = await asyncio.gather(*(articles.favorite(article.slug.value, f.id) for f in fans))

    assert all(view.favorited for view in views)
    after = await db.reads.article(article.slug.value, None)
    assert after is not None
    assert after.favorites_count == 50
    favorited = await db.reads.articles(
        ArticleFilter(favorited_by=fans[-1].username.value), PageRequest(), None
    )
    assert favorited.total == 1


async def test_two_concurrent_registrations_of_one_email_give_one_user_and_one_clash(
    db: Persistence,
) -> None:
    first = a_user(email="same@example.com")
    second = a_user(email="SAME@Example.com")

    async def add(user: User) -> None:
        async with db.unit_of_work() as uow:
            await uow.users.add(user)
            await uow.commit()

    outcomes = await asyncio.gather(add(first), add(second), return_exceptions=True)

    clashes = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(clashes) == 1, outcomes
    assert isinstance(clashes[0], AlreadyExists), repr(clashes[0])
    assert clashes[0].field == "email"
    winner = first if outcomes[0] is None else second
    async with db.unit_of_work() as uow:
        stored = await uow.users.by_email("same@example.com")
    assert stored is not None
    assert stored.id == winner.id


async def test_two_hundred_concurrent_follows_of_one_user_all_persist(db: Persistence) -> None:
    star = await stored_user(db)
    followers = await stored_users(db, 200)
    profiles = profiles_use_case(db)

    views = await asyncio.gather(*(profiles.follow(f.id, star.username.value) for f in followers))

    assert all(view.following for view in views)
    article = await stored_article(db, star)
    for follower in (followers[0], followers[99], followers[-1]):
        profile = await db.reads.profile(star.username.value, follower.id)
        assert profile is not None
        assert profile.following is True
    feeds = [await db.reads.feed(f.id, PageRequest()) for f in followers]
    assert [feed.total for feed in feeds] == [1] * 200
    assert {feed.articles[0].slug for feed in feeds} == {article.slug.value}


async def test_concurrent_articles_with_one_title_all_get_distinct_slugs(
    db: Persistence,
) -> None:
    authors = await stored_users(db, 5)
    articles = articles_use_case(db)

    views = await asyncio.gather(
        *(articles.create(a.id, a_new_article(title="Breaking News")) for a in authors)
    )

    slugs = {view.slug for view in views}
    assert len(slugs) == 5
    assert "breaking-news" in slugs
    assert all(slug.startswith("breaking-news") for slug in slugs)
    listed = await db.reads.articles(ArticleFilter(), PageRequest(), None)
    assert {a.slug for a in listed.articles} == slugs


async def test_concurrent_comments_on_one_article_all_persist_with_distinct_ids(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    readers = await stored_users(db, 20)
    article = await stored_article(db, author)
    comments = comments_use_case(db)

    views = await asyncio.gather(
        *(comments.add(article.slug.value, r.id, f"From {r.username.value}") for r in readers)
    )

    assert len({view.id for view in views}) == 20
    listed = await db.reads.comments(article.slug.value, None)
    assert listed is not None
    assert sorted(c.body for c in listed) == sorted(f"From {r.username.value}" for r in readers)
