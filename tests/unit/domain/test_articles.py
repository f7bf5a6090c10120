"""The ``Article`` entity: publishing, editing (author only), slugs on retitling, deleting."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.articles import Article, ArticleDraft, Body, Description, Slug, Tags, Title
from domain.errors import Forbidden
from domain.events import ArticleDeleted, ArticlePublished, ArticleUpdated
from domain.ids import new_user_id
from tests.factories import an_article
from tests.support.clock import TestClock


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def article(clock: TestClock) -> Article:
    published = an_article(title="How to Test", tags=["testing", "python"], now=clock.now())
    published.pull_events()
    return published


def test_publishing_keeps_every_field_and_sets_both_timestamps(clock: TestClock) -> None:
    author, now = new_user_id(), clock.now()
    article = Article.publish(
        author_id=author,
        draft=ArticleDraft(
            Title("How to Test"), Description("A guide"), Body("Write tests."), Tags(("testing",))
        ),
        slug=Slug("how-to-test"),
        now=now,
    )
    assert article.author_id == author
    assert (article.title, article.description, article.body, article.tags, article.slug) == (
        Title("How to Test"),
        Description("A guide"),
        Body("Write tests."),
        Tags(("testing",)),
        Slug("how-to-test"),
    )
    assert article.created_at == article.updated_at == now


def test_publishing_records_an_article_published_event(clock: TestClock) -> None:
    now = clock.now()
    article = an_article(title="How to Test", now=now)
    [event] = article.pull_events()
    assert isinstance(event, ArticlePublished)
    assert (event.article_id, event.author_id, event.slug, event.occurred_at) == (
        article.id,
        article.author_id,
        "how-to-test",
        now,
    )
    assert article.events == []


def test_two_articles_get_different_ids() -> None:
    assert an_article().id != an_article().id


# --- authorship ----------------------------------------------------------------------------------
def test_the_author_passes_the_author_check(article: Article) -> None:
    article.ensure_author(article.author_id, "edit")


def test_anyone_else_is_forbidden_naming_the_action(article: Article) -> None:
    with pytest.raises(Forbidden, match="only the author may publish this article"):
        article.ensure_author(new_user_id(), "publish")


# --- editing -------------------------------------------------------------------------------------
def test_editing_every_field_reports_each_in_order_and_moves_updated_at(
    article: Article, clock: TestClock
) -> None:
    created_at, later = article.created_at, clock.advance(timedelta(minutes=5))
    changed = article.edit(
        by=article.author_id,
        now=later,
        title=Title("Testing well"),
        description=Description("New description"),
        body=Body("New body"),
        tags=Tags(("qa",)),
        slug=Slug("testing-well"),
    )
    assert changed == ("title", "slug", "description", "body", "tags")
    assert (article.title, article.slug, article.description, article.body, article.tags) == (
        Title("Testing well"),
        Slug("testing-well"),
        Description("New description"),
        Body("New body"),
        Tags(("qa",)),
    )
    assert (article.created_at, article.updated_at) == (created_at, later)


def test_an_edit_records_one_event_with_the_current_slug_and_fields(
    article: Article, clock: TestClock
) -> None:
    now = clock.now()
    article.edit(by=article.author_id, now=now, body=Body("New"), slug=Slug("renamed"))
    [event] = article.pull_events()
    assert isinstance(event, ArticleUpdated)
    assert (event.article_id, event.slug, event.fields, event.occurred_at) == (
        article.id,
        "renamed",
        ("slug", "body"),
        now,
    )


def test_an_edit_with_the_current_values_changes_nothing(
    article: Article, clock: TestClock
) -> None:
    before = article.updated_at
    changed = article.edit(
        by=article.author_id,
        now=clock.advance(timedelta(days=1)),
        title=article.title,
        description=article.description,
        body=article.body,
        tags=article.tags,
        slug=article.slug,
    )
    assert changed == ()
    assert article.updated_at == before
    assert article.events == []


def test_an_edit_without_changes_changes_nothing(article: Article, clock: TestClock) -> None:
    assert article.edit(by=article.author_id, now=clock.now()) == ()
    assert article.events == []


def test_reordering_tags_is_a_change(article: Article, clock: TestClock) -> None:
    changed = article.edit(by=article.author_id, now=clock.now(), tags=Tags(("python", "testing")))
    assert changed == ("tags",)


def test_only_the_author_may_edit(article: Article, clock: TestClock) -> None:
    with pytest.raises(Forbidden, match="only the author may edit this article"):
        article.edit(by=new_user_id(), now=clock.now(), title=Title("Hijacked"))
    assert article.title == Title("How to Test")
    assert article.events == []


# --- slugs on retitling --------------------------------------------------------------------------
@pytest.mark.parametrize("title", ["How to Test", "How to test!", "  how TO -- test  "])
def test_a_title_with_the_same_slug_form_keeps_the_slug(article: Article, title: str) -> None:
    assert not article.needs_new_slug(Title(title))


def test_a_title_with_another_slug_form_needs_a_new_slug(article: Article) -> None:
    assert article.needs_new_slug(Title("How to test well"))


def test_a_suffixed_slug_is_kept_for_a_title_of_the_same_slug_form() -> None:
    article = an_article(title="How to Test", slug="how-to-test-0a1b2c")
    assert not article.needs_new_slug(Title("How to test?"))


def test_a_title_whose_slug_form_is_the_current_slug_keeps_it() -> None:
    article = an_article(title="How to Test", slug="how-to-test-0a1b2c")
    assert not article.needs_new_slug(Title("How to test 0a1b2c"))


def test_dropping_a_hex_looking_last_word_from_the_title_needs_a_new_slug() -> None:
    article = an_article(title="Release 202406")
    assert article.slug == Slug("release-202406")
    assert article.needs_new_slug(Title("Release"))


# --- deleting ------------------------------------------------------------------------------------
def test_deleting_records_an_article_deleted_event(article: Article, clock: TestClock) -> None:
    now = clock.now()
    article.delete(by=article.author_id, now=now)
    [event] = article.pull_events()
    assert isinstance(event, ArticleDeleted)
    assert (event.article_id, event.slug, event.occurred_at) == (article.id, "how-to-test", now)


def test_only_the_author_may_delete(article: Article, clock: TestClock) -> None:
    with pytest.raises(Forbidden, match="only the author may delete this article"):
        article.delete(by=new_user_id(), now=clock.now())
    assert article.events == []
