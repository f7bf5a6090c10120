"""Comments: adding to an article, listing an article's, deleting one's own."""

from __future__ import annotations

import pytest

from application.comments import parse_comment
from domain.comments import CommentBody
from domain.errors import Forbidden, InvalidInput, NotFound
from domain.events import ArticlePublished, CommentAdded, CommentDeleted
from domain.ids import CommentId
from tests.unit.application.harness import App, Member


async def test_adding_a_comment_returns_it_with_its_author(
    app: App, ann: Member, bob: Member
) -> None:
    article = await app.article_by(ann)
    now = app.clock.peek()
    comment = await app.comments.add(article.slug, bob.id, "Nice one.")
    assert (comment.body, comment.author.username, comment.author.following) == (
        "Nice one.",
        bob.username,
        False,
    )
    assert comment.created_at == comment.updated_at == now


async def test_adding_a_comment_records_a_comment_added_event(
    app: App, ann: Member, bob: Member
) -> None:
    article = await app.article_by(ann)
    comment = await app.comments.add(article.slug, bob.id, "Nice one.")
    [published] = app.events_of(ArticlePublished)
    [event] = app.events_of(CommentAdded)
    assert (event.comment_id, event.article_id, event.author_id) == (
        comment.id,
        published.article_id,
        bob.id,
    )


async def test_each_comment_gets_its_own_id(app: App, ann: Member) -> None:
    article = await app.article_by(ann)
    first = await app.comments.add(article.slug, ann.id, "One")
    second = await app.comments.add(article.slug, ann.id, "Two")
    assert first.id != second.id


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", "can't be blank"),
        ("  \n", "can't be blank"),
        ("c" * 10_001, "is too long (maximum is 10000 characters)"),
    ],
)
async def test_a_bad_comment_body_is_refused(
    app: App, ann: Member, body: str, message: str
) -> None:
    article = await app.article_by(ann)
    with pytest.raises(InvalidInput) as caught:
        await app.comments.add(article.slug, ann.id, body)
    assert caught.value.errors == {"body": (message,)}
    assert app.events_of(CommentAdded) == []


def test_parsing_a_comment_keeps_its_body_as_written() -> None:
    assert parse_comment(" Hi\n") == CommentBody(" Hi\n")


async def test_commenting_on_an_unknown_article_is_not_found(app: App, ann: Member) -> None:
    with pytest.raises(NotFound):
        await app.comments.add("no-such-article", ann.id, "Hello?")
    assert app.events_of(CommentAdded) == []


# --- listing -------------------------------------------------------------------------------------
async def test_an_articles_comments_are_listed_oldest_first(
    app: App, ann: Member, bob: Member
) -> None:
    article = await app.article_by(ann)
    other = await app.article_by(ann)
    first = await app.comments.add(article.slug, bob.id, "First")
    await app.comments.add(other.slug, bob.id, "Elsewhere")
    second = await app.comments.add(article.slug, ann.id, "Second")
    listed = await app.comments.of_article(article.slug, None)
    assert [(c.id, c.body) for c in listed] == [(first.id, "First"), (second.id, "Second")]


async def test_an_article_without_comments_lists_none(app: App, ann: Member) -> None:
    article = await app.article_by(ann)
    assert await app.comments.of_article(article.slug, ann.id) == []


async def test_listed_comments_show_following_for_the_viewer(
    app: App, ann: Member, bob: Member
) -> None:
    article = await app.article_by(ann)
    await app.comments.add(article.slug, bob.id, "Hi")
    await app.follow(ann, bob)
    [for_ann] = await app.comments.of_article(article.slug, ann.id)
    [anonymous] = await app.comments.of_article(article.slug, None)
    assert (for_ann.author.following, anonymous.author.following) == (True, False)


async def test_listing_the_comments_of_an_unknown_article_is_not_found(app: App) -> None:
    with pytest.raises(NotFound):
        await app.comments.of_article("no-such-article", None)


# --- deleting ------------------------------------------------------------------------------------
async def test_the_author_can_delete_their_comment(app: App, ann: Member, bob: Member) -> None:
    article = await app.article_by(ann)
    doomed = await app.comments.add(article.slug, bob.id, "Oops")
    kept = await app.comments.add(article.slug, ann.id, "Stays")
    await app.comments.delete(article.slug, doomed.id, bob.id)
    assert [c.id for c in await app.comments.of_article(article.slug, None)] == [kept.id]
    [event] = app.events_of(CommentDeleted)
    assert event.comment_id == doomed.id


async def test_only_the_comments_author_may_delete_it(app: App, ann: Member, bob: Member) -> None:
    article = await app.article_by(ann)
    comment = await app.comments.add(article.slug, bob.id, "Mine")
    with pytest.raises(Forbidden):
        await app.comments.delete(article.slug, comment.id, ann.id)
    assert [c.id for c in await app.comments.of_article(article.slug, None)] == [comment.id]
    assert app.events_of(CommentDeleted) == []


async def test_a_comment_of_another_article_is_not_found(app: App, ann: Member) -> None:
    article = await app.article_by(ann)
    other = await app.article_by(ann)
    comment = await app.comments.add(other.slug, ann.id, "Elsewhere")
    with pytest.raises(NotFound):
        await app.comments.delete(article.slug, comment.id, ann.id)
    assert len(await app.comments.of_article(other.slug, None)) == 1


async def test_deleting_an_unknown_comment_is_not_found(app: App, ann: Member) -> None:
    article = await app.article_by(ann)
    with pytest.raises(NotFound):
        await app.comments.delete(article.slug, CommentId(999), ann.id)


async def test_deleting_a_comment_of_an_unknown_article_is_not_found(app: App, ann: Member) -> None:
    article = await app.article_by(ann)
    comment = await app.comments.add(article.slug, ann.id, "Hi")
    with pytest.raises(NotFound):
        await app.comments.delete("no-such-article", comment.id, ann.id)
    assert app.events_of(CommentDeleted) == []
