"""ReadModel.articles / article / tags: filters, their combinations, order, counts and pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from application.ports import ArticleFilter, Persistence
from application.views import ArticleView
from domain.articles import Article
from domain.paging import PageRequest
from domain.users import User
from tests.contract._helpers import favorite, follow, slugs, stored_article, stored_users


@dataclass
class Library:
    """ann wrote a1, a2, a3; bob wrote b1, b2; cid favorited a1, b1, a3. Made in the order
    a1, a2, b1, a3, b2, so newest first is b2, a3, b1, a2, a1."""

    ann: User
    bob: User
    cid: User
    articles: dict[str, Article]

    def slugs(self, *names: str) -> list[str]:
        return [self.articles[name].slug.value for name in names]


@pytest.fixture
async def library(db: Persistence) -> Library:
    ann, bob, cid = await stored_users(db, 3)
    plan = [
        ("a1", ann, ["python", "web"]),
        ("a2", ann, ["python"]),
        ("b1", bob, ["web"]),
        ("a3", ann, ["rust"]),
        ("b2", bob, []),
    ]
    articles = {name: await stored_article(db, who, tags=tags) for name, who, tags in plan}
    for name in ("a1", "b1", "a3"):
        await favorite(db, cid, articles[name])
    return Library(ann=ann, bob=bob, cid=cid, articles=articles)


async def test_articles_are_listed_newest_first_with_the_total(
    db: Persistence, library: Library
) -> None:
    page = await db.reads.articles(ArticleFilter(), PageRequest(), None)
    assert slugs(page) == library.slugs("b2", "a3", "b1", "a2", "a1")
    assert page.total == 5
    times = [a.created_at for a in page.articles]
    assert times == sorted(times, reverse=True)


@pytest.mark.parametrize(
    ("filter_of", "expected"),
    [
        (lambda lib: ArticleFilter(tag="python"), ["a2", "a1"]),
        (lambda lib: ArticleFilter(tag="web"), ["b1", "a1"]),
        (lambda lib: ArticleFilter(author=lib.ann.username.value), ["a3", "a2", "a1"]),
        (lambda lib: ArticleFilter(author=lib.bob.username.value.upper()), ["b2", "b1"]),
        (lambda lib: ArticleFilter(favorited_by=lib.cid.username.value), ["a3", "b1", "a1"]),
        (
            lambda lib: ArticleFilter(favorited_by=lib.cid.username.value.upper()),
            ["a3", "b1", "a1"],
        ),
        (lambda lib: ArticleFilter(favorited_by=lib.ann.username.value), []),
        (lambda lib: ArticleFilter(tag="web", author=lib.ann.username.value), ["a1"]),
        (lambda lib: ArticleFilter(tag="python", favorited_by=lib.cid.username.value), ["a1"]),
        (
            lambda lib: ArticleFilter(
                author=lib.bob.username.value, favorited_by=lib.cid.username.value
            ),
            ["b1"],
        ),
        (
            lambda lib: ArticleFilter(
                tag="web", author=lib.bob.username.value, favorited_by=lib.cid.username.value
            ),
            ["b1"],
        ),
        (lambda lib: ArticleFilter(tag="rust", author=lib.bob.username.value), []),
        (lambda lib: ArticleFilter(tag="no-such-tag"), []),
        (lambda lib: ArticleFilter(author="nobody"), []),
        (lambda lib: ArticleFilter(favorited_by="nobody"), []),
    ],
    ids=[
        "tag",
        "other-tag",
        "author",
        "author-any-case",
        "favorited-by",
        "favorited-by-any-case",
        "favorited-by-someone-without-favorites",
        "tag-and-author",
        "tag-and-favorited-by",
        "author-and-favorited-by",
        "all-three",
        "no-overlap",
        "unknown-tag",
        "unknown-author",
        "unknown-favoriter",
    ],
)
async def test_filters_select_matching_articles_newest_first_and_count_them(
    db: Persistence,
    library: Library,
    filter_of: Callable[[Library], ArticleFilter],
    expected: list[str],
) -> None:
    page = await db.reads.articles(filter_of(library), PageRequest(), None)
    assert slugs(page) == library.slugs(*expected)
    assert page.total == len(expected)


@pytest.mark.parametrize(
    ("limit", "offset", "expected"),
    [
        (2, 0, ["b2", "a3"]),
        (1, 0, ["b2"]),
        (1, 2, ["b1"]),
        (2, 4, ["a1"]),
        (2, 5, []),
        (20, 1000, []),
        (100, 0, ["b2", "a3", "b1", "a2", "a1"]),
    ],
    ids=[
        "first-page",
        "limit-1",
        "limit-1-middle",
        "last-partial",
        "just-past-end",
        "far-past",
        "whole-list",
    ],
)
async def test_pages_cut_the_list_but_total_counts_every_match(
    db: Persistence, library: Library, limit: int, offset: int, expected: list[str]
) -> None:
    page = await db.reads.articles(ArticleFilter(), PageRequest(limit, offset), None)
    assert slugs(page) == library.slugs(*expected)
    assert page.total == 5


async def test_a_filtered_page_counts_every_filtered_match(
    db: Persistence, library: Library
) -> None:
    by_ann = ArticleFilter(author=library.ann.username.value)
    page = await db.reads.articles(by_ann, PageRequest(limit=2, offset=2), None)
    past = await db.reads.articles(by_ann, PageRequest(limit=2, offset=3), None)
    assert slugs(page) == library.slugs("a1")
    assert page.total == 3
    assert (past.articles, past.total) == ([], 3)


async def test_list_entries_carry_article_fields_and_the_viewers_flags(
    db: Persistence, library: Library
) -> None:
    await follow(db, library.cid, library.ann)
    page = await db.reads.articles(ArticleFilter(tag="web"), PageRequest(), library.cid.id)
    b1, a1 = page.articles
    article = library.articles["a1"]
    assert a1.title == article.title.value
    assert a1.description == article.description.value
    assert a1.tags == ["python", "web"]
    assert (a1.created_at, a1.updated_at) == (article.created_at, article.updated_at)
    assert (a1.favorited, a1.favorites_count) == (True, 1)
    assert (a1.author.username, a1.author.following) == (library.ann.username.value, True)
    assert (b1.author.username, b1.author.following) == (library.bob.username.value, False)
    anonymous = await db.reads.articles(ArticleFilter(tag="web"), PageRequest(), None)
    assert [(a.favorited, a.author.following) for a in anonymous.articles] == [
        (False, False),
        (False, False),
    ]


async def test_one_article_view_carries_the_body_and_the_viewers_flags(
    db: Persistence, library: Library
) -> None:
    await follow(db, library.cid, library.ann)
    article = library.articles["a1"]
    view = await db.reads.article(article.slug.value, library.cid.id)
    assert isinstance(view, ArticleView)
    assert view.slug == article.slug.value
    assert view.title == article.title.value
    assert view.description == article.description.value
    assert view.body == article.body.value
    assert view.tags == ["python", "web"]
    assert (view.created_at, view.updated_at) == (article.created_at, article.updated_at)
    assert (view.favorited, view.favorites_count) == (True, 1)
    assert view.author.username == library.ann.username.value
    assert (view.author.bio, view.author.image, view.author.following) == (None, None, True)


async def test_nothing_is_listed_when_there_are_no_articles(db: Persistence) -> None:
    page = await db.reads.articles(ArticleFilter(), PageRequest(), None)
    assert (page.articles, page.total) == ([], 0)
    assert await db.reads.tags() == []


async def test_tags_lists_every_tag_in_use_most_used_first_then_alphabetically(
    db: Persistence,
) -> None:
    author, other = await stored_users(db, 2)
    for who, tags in [
        (author, ["zulu", "alpha"]),
        (other, ["zulu", "mike"]),
        (author, ["mike", "alpha", "bravo"]),
        (other, ["alpha", "yankee"]),
        (author, []),
    ]:
        await stored_article(db, who, tags=tags)
    assert await db.reads.tags() == ["alpha", "mike", "zulu", "bravo", "yankee"]


async def test_the_tag_filter_finds_every_spelling_of_the_tag(db: Persistence) -> None:
    author, other = await stored_users(db, 2)
    lower = await stored_article(db, author, tags=["python"])
    upper = await stored_article(db, other, tags=["web", "PYTHON"])
    folded = await stored_article(db, author, tags=["Straße"])
    await stored_article(db, other, tags=["pythonic"])

    for asked in ("Python", "python", "PYTHON", " pyThon "):
        page = await db.reads.articles(ArticleFilter(tag=asked), PageRequest(), None)
        assert slugs(page) == [upper.slug.value, lower.slug.value], asked
        assert page.total == 2
    strasse = await db.reads.articles(ArticleFilter(tag="STRASSE"), PageRequest(), None)
    assert slugs(strasse) == [folded.slug.value]


async def test_spellings_of_one_tag_are_listed_once_in_their_most_used_spelling(
    db: Persistence,
) -> None:
    author = (await stored_users(db, 1))[0]
    for tags in (["Python", "go"], ["python"], ["Python"], ["GO"], ["rust"], ["Rust"], ["zig"]):
        await stored_article(db, author, tags=tags)

    # python 3 uses (Python 2, python 1), go 2 and rust 2 (one use per spelling: the first in
    # code point order, capitals before small letters, is shown), zig 1
    assert await db.reads.tags() == ["Python", "GO", "Rust", "zig"]
