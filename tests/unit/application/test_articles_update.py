"""Articles.update: author only, changed fields, slugs on retitling, tags, events."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from application.articles import ArticleChanges, ValidArticleChanges, parse_article_changes
from domain.articles import Tags, Title
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.events import ArticleUpdated
from tests.factories import article_changes
from tests.unit.application.harness import App, Member


async def test_the_author_can_change_every_field(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    changes = article_changes()
    view = await app.articles.update(created.slug, ann.id, changes)
    assert (view.title, view.description, view.body, view.tags) == (
        changes.title,
        changes.description,
        changes.body,
        list(changes.tags or ()),
    )
    assert await app.articles.get(view.slug, None) == view


async def test_an_update_moves_updated_at_and_keeps_created_at(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    now = app.clock.advance(timedelta(days=1))
    view = await app.articles.update(created.slug, ann.id, ArticleChanges(body="Rewritten."))
    assert (view.created_at, view.updated_at) == (created.created_at, now)


async def test_changing_the_body_keeps_the_slug_and_everything_else(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    view = await app.articles.update(created.slug, ann.id, ArticleChanges(body="Rewritten."))
    assert view.body == "Rewritten."
    assert (view.slug, view.title, view.description, view.tags) == (
        created.slug,
        created.title,
        created.description,
        created.tags,
    )


async def test_a_new_title_gives_a_new_slug_and_the_old_one_is_gone(app: App, ann: Member) -> None:
    created = await app.article_by(ann, title="First Title")
    view = await app.articles.update(created.slug, ann.id, ArticleChanges(title="Second Title"))
    assert view.slug == "second-title"
    assert (await app.articles.get("second-title", None)).title == "Second Title"
    with pytest.raises(NotFound):
        await app.articles.get("first-title", None)


async def test_a_title_of_the_same_slug_form_keeps_the_slug(app: App, ann: Member) -> None:
    created = await app.article_by(ann, title="Hello World")
    view = await app.articles.update(created.slug, ann.id, ArticleChanges(title="Hello, world!"))
    assert (view.slug, view.title) == ("hello-world", "Hello, world!")


async def test_a_suffixed_slug_survives_a_title_of_the_same_slug_form(
    app: App, ann: Member
) -> None:
    await app.article_by(ann, title="Hello World")
    second = await app.article_by(ann, title="Hello World")
    view = await app.articles.update(second.slug, ann.id, ArticleChanges(title="HELLO WORLD"))
    assert view.slug == second.slug


async def test_taking_another_articles_title_gives_a_suffixed_slug(
    app: App, ann: Member, bob: Member
) -> None:
    await app.article_by(bob, title="Taken Title")
    mine = await app.article_by(ann, title="My Title")
    view = await app.articles.update(mine.slug, ann.id, ArticleChanges(title="Taken Title"))
    assert re.fullmatch(r"taken-title-[0-9a-f]{6}", view.slug)
    assert (await app.articles.get("taken-title", None)).author.username == bob.username


async def test_dropping_a_number_from_the_title_drops_it_from_the_slug(
    app: App, ann: Member
) -> None:
    created = await app.article_by(ann, title="Release 202406")
    view = await app.articles.update(created.slug, ann.id, ArticleChanges(title="Release"))
    assert view.slug == "release"


async def test_tags_are_replaced_in_the_order_given(app: App, ann: Member) -> None:
    created = await app.article_by(ann, tags=["old", "kept"])
    view = await app.articles.update(
        created.slug, ann.id, ArticleChanges(tags=["kept", " new ", "kept"])
    )
    assert view.tags == ["kept", "new"]
    assert await app.articles.tags() == ["kept", "new"]


async def test_an_empty_tag_list_removes_every_tag(app: App, ann: Member) -> None:
    created = await app.article_by(ann, tags=["gone"])
    view = await app.articles.update(created.slug, ann.id, ArticleChanges(tags=[]))
    assert view.tags == []
    assert await app.articles.tags() == []


async def test_an_update_records_an_event_with_the_changed_fields_and_new_slug(
    app: App, ann: Member
) -> None:
    created = await app.article_by(ann, title="Before")
    await app.articles.update(created.slug, ann.id, ArticleChanges(title="After", body="New."))
    [event] = app.events_of(ArticleUpdated)
    assert (event.slug, event.fields) == ("after", ("title", "slug", "body"))


async def test_an_update_with_the_current_values_changes_nothing(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    app.clock.advance(timedelta(hours=1))
    same = ArticleChanges(
        title=created.title, description=created.description, body=created.body, tags=created.tags
    )
    view = await app.articles.update(created.slug, ann.id, same)
    assert view == created
    assert app.events_of(ArticleUpdated) == []


async def test_only_the_author_may_update(app: App, ann: Member, bob: Member) -> None:
    created = await app.article_by(ann)
    with pytest.raises(Forbidden):
        await app.articles.update(created.slug, bob.id, article_changes())
    assert await app.articles.get(created.slug, None) == created
    assert app.events_of(ArticleUpdated) == []


async def test_updating_an_unknown_article_is_not_found(app: App, ann: Member) -> None:
    with pytest.raises(NotFound):
        await app.articles.update("no-such-article", ann.id, article_changes())


async def test_every_invalid_field_is_reported_at_once(app: App, ann: Member) -> None:
    created = await app.article_by(ann)
    bad = ArticleChanges(title="", description="d" * 1001, body=" ", tags=["t" * 41])
    with pytest.raises(InvalidInput) as caught:
        await app.articles.update(created.slug, ann.id, bad)
    assert set(caught.value.errors) == {"title", "description", "body", "tags"}
    assert await app.articles.get(created.slug, None) == created


def test_parsing_changes_leaves_unsent_fields_alone() -> None:
    assert parse_article_changes(ArticleChanges(title=" New ", tags=[])) == ValidArticleChanges(
        Title("New"), None, None, Tags(())
    )
