"""Articles.favorite and unfavorite: idempotent, counted per article, shown per viewer."""

from __future__ import annotations

import pytest

from application.ports import ArticleFilter
from domain.errors import NotFound
from domain.events import ArticleFavorited, ArticlePublished, ArticleUnfavorited
from domain.paging import PageRequest
from tests.unit.application.harness import App, Member


async def test_favoriting_marks_the_article_and_counts_it(
    app: App, ann: Member, bob: Member
) -> None:
    created = await app.article_by(ann)
    view = await app.articles.favorite(created.slug, bob.id)
    assert (view.slug, view.favorited, view.favorites_count) == (created.slug, True, 1)


async def test_favorited_is_per_viewer_and_the_count_is_for_everyone(
    app: App, ann: Member, bob: Member
) -> None:
    created = await app.article_by(ann)
    await app.articles.favorite(created.slug, bob.id)
    for_ann = await app.articles.get(created.slug, ann.id)
    anonymous = await app.articles.get(created.slug, None)
    assert (for_ann.favorited, for_ann.favorites_count) == (False, 1)
    assert (anonymous.favorited, anonymous.favorites_count) == (False, 1)


async def test_every_fan_counts_once(app: App, ann: Member, bob: Member) -> None:
    created = await app.article_by(ann)
    await app.articles.favorite(created.slug, bob.id)
    view = await app.articles.favorite(created.slug, ann.id)
    assert view.favorites_count == 2


async def test_favoriting_twice_is_idempotent_and_records_one_event(
    app: App, ann: Member, bob: Member
) -> None:
    created = await app.article_by(ann)
    await app.articles.favorite(created.slug, bob.id)
    again = await app.articles.favorite(created.slug, bob.id)
    assert (again.favorited, again.favorites_count) == (True, 1)
    [published] = app.events_of(ArticlePublished)
    [event] = app.events_of(ArticleFavorited)
    assert (event.article_id, event.user_id) == (published.article_id, bob.id)


async def test_unfavoriting_takes_the_favorite_back(app: App, ann: Member, bob: Member) -> None:
    created = await app.article_by(ann)
    await app.articles.favorite(created.slug, bob.id)
    view = await app.articles.unfavorite(created.slug, bob.id)
    assert (view.favorited, view.favorites_count) == (False, 0)
    [event] = app.events_of(ArticleUnfavorited)
    assert event.user_id == bob.id


async def test_unfavoriting_an_article_not_favorited_records_nothing(
    app: App, ann: Member, bob: Member
) -> None:
    created = await app.article_by(ann)
    await app.articles.favorite(created.slug, ann.id)
    view = await app.articles.unfavorite(created.slug, bob.id)
    assert (view.favorited, view.favorites_count) == (False, 1)
    assert app.events_of(ArticleUnfavorited) == []


async def test_favorites_show_in_the_favorited_by_filter(
    app: App, ann: Member, bob: Member
) -> None:
    liked = await app.article_by(ann)
    await app.article_by(ann)
    await app.articles.favorite(liked.slug, bob.id)
    page = await app.articles.search(
        ArticleFilter(favorited_by=bob.username), PageRequest(), bob.id
    )
    assert [(a.slug, a.favorited) for a in page.articles] == [(liked.slug, True)]


@pytest.mark.parametrize("action", ["favorite", "unfavorite"])
async def test_an_unknown_slug_is_not_found(app: App, ann: Member, action: str) -> None:
    with pytest.raises(NotFound):
        await getattr(app.articles, action)("no-such-article", ann.id)
    assert app.events_of(ArticleFavorited) == []
    assert app.events_of(ArticleUnfavorited) == []
