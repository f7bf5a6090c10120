"""Articles.create: the view returned, slugs from titles, validation and the published event."""

from __future__ import annotations

import re

import pytest

from application.articles import ArticleChanges, Articles, NewArticle, parse_new_article
from domain.articles import ArticleDraft, Body, Description, Tags, Title
from domain.errors import InvalidInput
from domain.events import ArticlePublished
from tests.factories import a_new_article
from tests.unit.application.harness import App, Member


async def test_creating_returns_the_full_article_view(app: App, ann: Member) -> None:
    command = a_new_article()
    now = app.clock.peek()
    view = await app.articles.create(ann.id, command)
    assert (view.title, view.description, view.body, view.tags) == (
        command.title,
        command.description,
        command.body,
        list(command.tags),
    )
    assert (view.favorited, view.favorites_count) == (False, 0)
    assert (view.author.username, view.author.following) == (ann.username, False)
    assert view.created_at == view.updated_at == now


async def test_the_slug_comes_from_the_title(app: App, ann: Member) -> None:
    view = await app.article_by(ann, title="  How to Train Your Dragon! ")
    assert (view.slug, view.title) == ("how-to-train-your-dragon", "How to Train Your Dragon!")


async def test_a_title_without_words_gets_the_slug_article(app: App, ann: Member) -> None:
    assert (await app.article_by(ann, title="?!")).slug == "article"


async def test_the_same_title_twice_gives_two_different_slugs(
    app: App, ann: Member, bob: Member
) -> None:
    first = await app.article_by(ann, title="Same Title")
    second = await app.article_by(bob, title="Same Title")
    assert first.slug == "same-title"
    assert re.fullmatch(r"same-title-[0-9a-f]{6}", second.slug)
    assert (await app.articles.get(first.slug, None)).author.username == ann.username
    assert (await app.articles.get(second.slug, None)).author.username == bob.username


async def test_tags_are_cleaned_keeping_their_order(app: App, ann: Member) -> None:
    view = await app.article_by(ann, tags=[" zeta ", "alpha", "", "zeta", "beta"])
    assert view.tags == ["zeta", "alpha", "beta"]


async def test_tags_differing_only_in_case_are_one_in_the_authors_first_spelling(
    app: App, ann: Member
) -> None:
    view = await app.article_by(ann, tags=["Python", "rust", "python", "PYTHON"])
    assert view.tags == ["Python", "rust"]


def test_parsing_a_new_article_gives_the_draft_the_use_case_publishes() -> None:
    draft = parse_new_article(NewArticle(title=" T ", description="d", body="b", tags=["x", "X"]))
    assert draft == ArticleDraft(Title("T"), Description("d"), Body("b"), Tags(("x",)))


async def test_an_article_may_have_no_tags(app: App, ann: Member) -> None:
    assert (await app.article_by(ann, tags=[])).tags == []


async def test_the_created_article_can_be_read_back(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    assert await app.articles.get(created.slug, viewer=None) == created


async def test_creating_records_an_article_published_event(app: App, ann: Member) -> None:
    view = await app.article_by(ann)
    [event] = app.events_of(ArticlePublished)
    assert (event.author_id, event.slug) == (ann.id, view.slug)


async def test_every_invalid_field_is_reported_at_once_and_nothing_is_stored(
    app: App, ann: Member
) -> None:
    command = NewArticle(
        title=" ", description="", body="x" * 100_001, tags=[f"t{i}" for i in range(11)]
    )
    with pytest.raises(InvalidInput) as caught:
        await app.articles.create(ann.id, command)
    assert caught.value.errors == {
        "title": ("can't be blank",),
        "description": ("can't be blank",),
        "body": ("is too long (maximum is 100000 characters)",),
        "tags": ("has too many tags (maximum is 10)",),
    }
    assert app.events_of(ArticlePublished) == []
    assert await app.articles.tags() == []


async def test_an_over_long_title_is_refused(app: App, ann: Member) -> None:
    with pytest.raises(InvalidInput) as caught:
        await app.article_by(ann, title="t" * 201)
    assert caught.value.errors == {"title": ("is too long (maximum is 200 characters)",)}


async def test_a_title_whose_slug_is_reserved_gets_a_suffixed_slug(app: App, ann: Member) -> None:
    articles = Articles(
        uow=app.database.unit_of_work,
        reads=app.database.reads,
        clock=app.clock,
        reserved_slugs={"feed"},
    )

    created = await articles.create(ann.id, a_new_article(title="Feed"))
    retitled = await articles.update(
        (await app.article_by(ann, title="Other")).slug, ann.id, ArticleChanges(title="FEED")
    )

    assert re.fullmatch(r"feed-[0-9a-f]{6}", created.slug)
    assert re.fullmatch(r"feed-[0-9a-f]{6}", retitled.slug)
    assert (await app.article_by(ann, title="Feed")).slug == "feed"  # not reserved there
