"""Articles.delete: author only, the event, and what goes with the article."""

from __future__ import annotations

import pytest

from application.ports import ArticleFilter
from domain.errors import Forbidden, NotFound
from domain.events import ArticleDeleted, ArticlePublished
from domain.paging import PageRequest
from tests.unit.application.harness import App, Member


async def test_the_author_can_delete_an_article(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    await app.articles.delete(created.slug, ann.id)
    with pytest.raises(NotFound):
        await app.articles.get(created.slug, None)
    page = await app.articles.search(ArticleFilter(), PageRequest.of(), None)
    assert (page.articles, page.total) == ([], 0)


async def test_deleting_records_an_article_deleted_event(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    [published] = app.events_of(ArticlePublished)
    await app.articles.delete(created.slug, ann.id)
    [event] = app.events_of(ArticleDeleted)
    assert (event.article_id, event.slug) == (published.article_id, created.slug)


async def test_only_the_author_may_delete(app: App, ann: Member, bob: Member) -> None:
    created = await app.article_by(ann)
    with pytest.raises(Forbidden):
        await app.articles.delete(created.slug, bob.id)
    assert await app.articles.get(created.slug, None) == created
    assert app.events_of(ArticleDeleted) == []


async def test_deleting_an_unknown_article_is_not_found(app: App, ann: Member) -> None:
    with pytest.raises(NotFound):
        await app.articles.delete("no-such-article", ann.id)


async def test_deleting_twice_is_not_found_the_second_time(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    await app.articles.delete(created.slug, ann.id)
    with pytest.raises(NotFound):
        await app.articles.delete(created.slug, ann.id)
    assert len(app.events_of(ArticleDeleted)) == 1


async def test_comments_favorites_and_tags_go_with_the_article(
    app: App, ann: Member, bob: Member
) -> None:
    created = await app.article_by(ann, title="Doomed", tags=["doomed"])
    comment = await app.comments.add(created.slug, bob.id, "First!")
    await app.articles.favorite(created.slug, bob.id)
    await app.articles.delete(created.slug, ann.id)

    with pytest.raises(NotFound):
        await app.comments.of_article(created.slug, None)
    assert await app.articles.tags() == []
    fans = await app.articles.search(ArticleFilter(favorited_by=bob.username), PageRequest(), None)
    assert fans.total == 0

    reborn = await app.article_by(ann, title="Doomed")
    assert reborn.slug == created.slug
    assert (reborn.favorites_count, reborn.favorited) == (0, False)
    assert await app.comments.of_article(reborn.slug, None) == []
    with pytest.raises(NotFound):
        await app.comments.delete(reborn.slug, comment.id, bob.id)
