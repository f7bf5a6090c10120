"""The keyset use cases: Articles.page / feed_page / tag_counts / current_slug and
Comments.page — the checks they make before the read model answers, and what they answer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from application.articles import ArticleChanges
from application.ports import ArticleFilter
from domain.errors import InvalidInput, NotFound
from domain.paging import KeysetRequest, Position
from tests.unit.application.harness import App, Member

T = datetime(2026, 1, 2, tzinfo=UTC)


async def test_pages_of_articles_walk_to_the_end(app: App, ann: Member) -> None:
    made = [await app.article_by(ann) for _ in range(3)]
    first = await app.articles.page(ArticleFilter(), KeysetRequest.of(limit=2), None)
    rest = await app.articles.page(
        ArticleFilter(), KeysetRequest.of(limit=2, after=first.next), None
    )
    assert [a.slug for a in first.articles + rest.articles] == [a.slug for a in reversed(made)]
    assert rest.next is None


async def test_the_feed_page_holds_followed_authors_only(
    app: App, ann: Member, bob: Member
) -> None:
    await app.follow(ann, bob)
    theirs = await app.article_by(bob)
    await app.article_by(ann)
    page = await app.articles.feed_page(ann.id, KeysetRequest.of(with_total=True))
    assert [a.slug for a in page.articles] == [theirs.slug]
    assert page.total == 1


@pytest.mark.parametrize("bad_id", [7, "not-a-uuid", str(uuid.uuid4()).upper(), uuid.uuid4().hex])
async def test_an_article_list_refuses_a_position_that_names_no_article(
    app: App, ann: Member, bad_id: str | int
) -> None:
    request = KeysetRequest.of(after=Position(T, bad_id))
    with pytest.raises(InvalidInput) as caught:
        await app.articles.page(ArticleFilter(), request, None)
    assert caught.value.errors == {"after": ("is not a position in this list",)}
    with pytest.raises(InvalidInput):
        await app.articles.feed_page(ann.id, request)


@pytest.mark.parametrize("bad_id", [str(uuid.uuid4()), "12", True])
async def test_a_comment_list_refuses_a_position_that_names_no_comment(
    app: App, ann: Member, bad_id: str | int
) -> None:
    article = await app.article_by(ann)
    request = KeysetRequest.of(after=Position(T, bad_id))
    with pytest.raises(InvalidInput) as caught:
        await app.comments.page(article.slug, None, request)
    assert caught.value.errors == {"after": ("is not a position in this list",)}


async def test_comments_of_an_unknown_article_are_not_found(app: App) -> None:
    with pytest.raises(NotFound) as caught:
        await app.comments.page("no-such-article", None, KeysetRequest.of())
    assert caught.value.resource == "article"


async def test_a_comment_page_continues_where_the_last_ended(
    app: App, ann: Member, bob: Member
) -> None:
    article = await app.article_by(ann)
    made = [await app.comments.add(article.slug, bob.id, f"Comment {i}") for i in range(3)]
    first = await app.comments.page(article.slug, None, KeysetRequest.of(limit=2))
    rest = await app.comments.page(article.slug, None, KeysetRequest.of(after=first.next))
    assert [c.id for c in first.comments + rest.comments] == [c.id for c in reversed(made)]


async def test_tag_counts_default_to_twenty_and_refuse_a_limit_beyond_100(
    app: App, ann: Member
) -> None:
    for i in range(21):
        await app.article_by(ann, tags=[f"tag{i:02}"])
    assert len(await app.articles.tag_counts()) == 20
    assert len(await app.articles.tag_counts(100)) == 21
    for limit in (0, 101):
        with pytest.raises(InvalidInput) as caught:
            await app.articles.tag_counts(limit)
        assert set(caught.value.errors) == {"limit"}


async def test_an_earlier_slug_resolves_and_an_unknown_one_is_not_found(
    app: App, ann: Member
) -> None:
    article = await app.article_by(ann, title="Old name")
    renamed = await app.articles.update(article.slug, ann.id, ArticleChanges(title="New name"))
    assert await app.articles.current_slug("old-name") == renamed.slug
    with pytest.raises(NotFound):
        await app.articles.current_slug("never-was")
    with pytest.raises(NotFound):
        await app.articles.update("old-name", ann.id, ArticleChanges(body="Edited"))
