"""Articles.search, get and tags: filters, order, paging, and what a viewer sees."""

from __future__ import annotations

import pytest

from application.ports import ArticleFilter
from application.views import ArticleView
from domain.errors import NotFound
from domain.paging import PageRequest
from tests.unit.application.harness import App, Member

EVERYTHING = ArticleFilter()


async def three_by(app: App, author: Member) -> list[ArticleView]:
    return [await app.article_by(author) for _ in range(3)]


# --- search --------------------------------------------------------------------------------------
async def test_search_lists_every_article_newest_first(app: App, ann: Member, bob: Member) -> None:
    older, newer = await app.article_by(ann), await app.article_by(bob)
    page = await app.articles.search(EVERYTHING, PageRequest.of(), None)
    assert [a.slug for a in page.articles] == [newer.slug, older.slug]
    assert page.total == 2


async def test_search_without_articles_is_empty(app: App) -> None:
    page = await app.articles.search(EVERYTHING, PageRequest.of(), None)
    assert (page.articles, page.total) == ([], 0)


async def test_search_filters_by_tag(app: App, ann: Member) -> None:
    tagged = await app.article_by(ann, tags=["python", "testing"])
    await app.article_by(ann, tags=["rust"])
    page = await app.articles.search(ArticleFilter(tag="python"), PageRequest.of(), None)
    assert ([a.slug for a in page.articles], page.total) == ([tagged.slug], 1)


async def test_search_filters_by_author_whatever_the_case(
    app: App, ann: Member, bob: Member
) -> None:
    mine = await three_by(app, ann)
    await app.article_by(bob)
    page = await app.articles.search(
        ArticleFilter(author=ann.username.upper()), PageRequest.of(), None
    )
    assert [a.slug for a in page.articles] == [a.slug for a in reversed(mine)]


async def test_search_filters_by_who_favorited(app: App, ann: Member, bob: Member) -> None:
    first, _, third = await three_by(app, ann)
    for article in (first, third):
        await app.articles.favorite(article.slug, bob.id)
    page = await app.articles.search(
        ArticleFilter(favorited_by=bob.username), PageRequest.of(), None
    )
    assert [a.slug for a in page.articles] == [third.slug, first.slug]


async def test_filters_combine(app: App, ann: Member, bob: Member) -> None:
    wanted = await app.article_by(ann, tags=["go"])
    await app.article_by(ann, tags=["rust"])
    await app.article_by(bob, tags=["go"])
    both = ArticleFilter(tag="go", author=ann.username)
    page = await app.articles.search(both, PageRequest.of(), None)
    assert [a.slug for a in page.articles] == [wanted.slug]


@pytest.mark.parametrize(
    "unknown",
    [ArticleFilter(tag="nope"), ArticleFilter(author="nobody"), ArticleFilter(favorited_by="x")],
)
async def test_filters_matching_nothing_give_an_empty_page(
    app: App, ann: Member, unknown: ArticleFilter
) -> None:
    await app.article_by(ann, tags=["go"])
    page = await app.articles.search(unknown, PageRequest.of(), None)
    assert (page.articles, page.total) == ([], 0)


async def test_a_page_holds_at_most_limit_articles_and_total_counts_them_all(
    app: App, ann: Member
) -> None:
    created = [await app.article_by(ann) for _ in range(5)]
    newest_first = [a.slug for a in reversed(created)]
    page = await app.articles.search(EVERYTHING, PageRequest.of(limit=2, offset=1), None)
    assert ([a.slug for a in page.articles], page.total) == (newest_first[1:3], 5)


async def test_the_last_page_may_be_short(app: App, ann: Member) -> None:
    created = await three_by(app, ann)
    page = await app.articles.search(EVERYTHING, PageRequest.of(limit=2, offset=2), None)
    assert ([a.slug for a in page.articles], page.total) == ([created[0].slug], 3)


async def test_a_page_past_the_end_is_empty_but_keeps_the_total(app: App, ann: Member) -> None:
    await three_by(app, ann)
    page = await app.articles.search(EVERYTHING, PageRequest.of(offset=3), None)
    assert (page.articles, page.total) == ([], 3)


async def test_search_shows_favorited_and_following_for_the_viewer(
    app: App, ann: Member, bob: Member
) -> None:
    liked = await app.article_by(ann)
    await app.articles.favorite(liked.slug, bob.id)
    await app.follow(bob, ann)
    [for_bob] = (await app.articles.search(EVERYTHING, PageRequest.of(), bob.id)).articles
    [anonymous] = (await app.articles.search(EVERYTHING, PageRequest.of(), None)).articles
    assert (for_bob.favorited, for_bob.author.following, for_bob.favorites_count) == (True, True, 1)
    assert (anonymous.favorited, anonymous.author.following, anonymous.favorites_count) == (
        False,
        False,
        1,
    )


# --- get -----------------------------------------------------------------------------------------
async def test_get_returns_the_article_with_its_body(app: App, ann: Member) -> None:
    created = await app.article_by(ann, body="The whole body.")
    view = await app.articles.get(created.slug, None)
    assert (view.slug, view.body, view.author.username) == (
        created.slug,
        "The whole body.",
        ann.username,
    )


async def test_get_shows_following_the_author_for_the_viewer(
    app: App, ann: Member, bob: Member
) -> None:
    created = await app.article_by(ann)
    await app.follow(bob, ann)
    assert (await app.articles.get(created.slug, bob.id)).author.following
    assert not (await app.articles.get(created.slug, ann.id)).author.following


@pytest.mark.parametrize("slug", ["no-such-article", ""])
async def test_get_of_an_unknown_slug_is_not_found(app: App, ann: Member, slug: str) -> None:
    await app.article_by(ann)
    with pytest.raises(NotFound):
        await app.articles.get(slug, ann.id)


# --- tags ----------------------------------------------------------------------------------------
async def test_there_are_no_tags_without_articles(app: App) -> None:
    assert await app.articles.tags() == []


async def test_tags_come_most_used_first_then_alphabetically(app: App, ann: Member) -> None:
    await app.article_by(ann, tags=["rare", "common"])
    await app.article_by(ann, tags=["common", "beta"])
    await app.article_by(ann, tags=["common", "alpha", "beta"])
    assert await app.articles.tags() == ["common", "beta", "alpha", "rare"]
