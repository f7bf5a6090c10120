"""FavoriteRepository and the ``favorited`` / ``favorites_count`` of article views."""

from __future__ import annotations

import pytest

from application.ports import ArticleFilter, Persistence
from domain.errors import NotFound
from domain.paging import PageRequest
from tests.contract._helpers import favorite, stored_article, stored_users


async def test_favoriting_is_new_once_then_idempotent(db: Persistence) -> None:
    author, fan = await stored_users(db, 2)
    article = await stored_article(db, author)
    async with db.unit_of_work() as uow:
        assert await uow.favorites.add(fan.id, article.id) is True
        assert await uow.favorites.add(fan.id, article.id) is False
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.favorites.add(fan.id, article.id) is False
    view = await db.reads.article(article.slug.value, fan.id)
    assert view is not None
    assert view.favorites_count == 1


async def test_unfavoriting_removes_once_then_is_idempotent(db: Persistence) -> None:
    author, fan, other = await stored_users(db, 3)
    article = await stored_article(db, author)
    await favorite(db, fan, article)
    await favorite(db, other, article)
    async with db.unit_of_work() as uow:
        assert await uow.favorites.remove(fan.id, article.id) is True
        assert await uow.favorites.remove(fan.id, article.id) is False
        assert await uow.favorites.remove(author.id, article.id) is False
        await uow.commit()
    view = await db.reads.article(article.slug.value, fan.id)
    assert view is not None
    assert (view.favorited, view.favorites_count) == (False, 1)


async def test_favorited_is_true_only_for_a_viewer_who_favorited(db: Persistence) -> None:
    author, fan, other = await stored_users(db, 3)
    article = await stored_article(db, author)
    await favorite(db, fan, article)
    slug = article.slug.value
    views = {
        "fan": await db.reads.article(slug, fan.id),
        "other": await db.reads.article(slug, other.id),
        "anonymous": await db.reads.article(slug, None),
    }
    favorited = {who: view.favorited for who, view in views.items() if view is not None}
    counts = {who: view.favorites_count for who, view in views.items() if view is not None}
    assert favorited == {"fan": True, "other": False, "anonymous": False}
    assert counts == {"fan": 1, "other": 1, "anonymous": 1}


async def test_favorites_are_counted_per_article_in_lists(db: Persistence) -> None:
    author, *fans = await stored_users(db, 4)
    popular = await stored_article(db, author)
    quiet = await stored_article(db, author)
    unloved = await stored_article(db, author)
    for fan in fans:
        await favorite(db, fan, popular)
    await favorite(db, fans[0], quiet)
    page = await db.reads.articles(ArticleFilter(), PageRequest(), fans[1].id)
    by_slug = {a.slug: (a.favorites_count, a.favorited) for a in page.articles}
    assert by_slug == {
        popular.slug.value: (3, True),
        quiet.slug.value: (1, False),
        unloved.slug.value: (0, False),
    }


async def test_favoriting_an_article_that_is_gone_raises_not_found(db: Persistence) -> None:
    author, fan = await stored_users(db, 2)
    article = await stored_article(db, author)
    async with db.unit_of_work() as uow:
        await uow.articles.delete(article.id)
        await uow.commit()
    async with db.unit_of_work() as uow:
        with pytest.raises(NotFound):
            await uow.favorites.add(fan.id, article.id)
