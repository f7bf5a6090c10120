"""CommentRepository and the comment views."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.ports import Persistence
from domain.comments import CommentBody, NewComment
from domain.errors import NotFound
from domain.ids import CommentId
from tests.contract._helpers import follow, stored_article, stored_comment, stored_users
from tests.factories import CLOCK


async def test_added_comments_get_increasing_integer_ids_from_one(db: Persistence) -> None:
    author, reader = await stored_users(db, 2)
    article = await stored_article(db, author)
    comments = [await stored_comment(db, article, reader, f"Comment {i}") for i in range(3)]
    assert [c.id for c in comments] == [1, 2, 3]


async def test_an_added_comment_is_returned_and_found_with_every_field(db: Persistence) -> None:
    author, reader = await stored_users(db, 2)
    article = await stored_article(db, author)
    written = CLOCK.now()
    new = NewComment(
        article_id=article.id, author_id=reader.id, body=CommentBody("Thanks!"), created_at=written
    )
    async with db.unit_of_work() as uow:
        added = await uow.comments.add(new)
        await uow.commit()
    async with db.unit_of_work() as uow:
        found = await uow.comments.by_id(added.id)
    for comment in (added, found):
        assert comment is not None
        assert comment.id == added.id
        assert comment.article_id == article.id
        assert comment.author_id == reader.id
        assert comment.body == CommentBody("Thanks!")
        assert comment.created_at == written
        assert comment.updated_at == written
    assert found is not None
    assert found.created_at.utcoffset() == timedelta(0)


async def test_a_deleted_comment_is_gone_and_others_stay(db: Persistence) -> None:
    author, reader = await stored_users(db, 2)
    article = await stored_article(db, author)
    doomed = await stored_comment(db, article, reader, "doomed")
    kept = await stored_comment(db, article, reader, "kept")
    async with db.unit_of_work() as uow:
        await uow.comments.delete(doomed.id)
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.comments.by_id(doomed.id) is None
        assert await uow.comments.by_id(kept.id) is not None
    assert await db.reads.comment(doomed.id, None) is None
    listed = await db.reads.comments(article.slug.value, None)
    assert listed is not None
    assert [c.body for c in listed] == ["kept"]


async def test_unknown_comments_are_none(db: Persistence) -> None:
    author = (await stored_users(db, 1))[0]
    article = await stored_article(db, author)
    comment = await stored_comment(db, article, author)
    async with db.unit_of_work() as uow:
        assert await uow.comments.by_id(CommentId(comment.id + 1000)) is None
    assert await db.reads.comment(CommentId(comment.id + 1000), None) is None


async def test_an_articles_comments_are_listed_oldest_first_with_only_its_own(
    db: Persistence,
) -> None:
    author, ann, bob = await stored_users(db, 3)
    article = await stored_article(db, author)
    other = await stored_article(db, author)
    await stored_comment(db, article, ann, "first")
    await stored_comment(db, other, ann, "elsewhere")
    await stored_comment(db, article, bob, "second")
    await stored_comment(db, article, ann, "third")
    listed = await db.reads.comments(article.slug.value, None)
    assert listed is not None
    assert [c.body for c in listed] == ["first", "second", "third"]
    assert [c.author.username for c in listed] == [
        ann.username.value,
        bob.username.value,
        ann.username.value,
    ]
    assert listed == sorted(listed, key=lambda c: c.created_at)


async def test_an_article_without_comments_lists_none_and_an_unknown_article_gives_none(
    db: Persistence,
) -> None:
    author = (await stored_users(db, 1))[0]
    article = await stored_article(db, author)
    assert await db.reads.comments(article.slug.value, None) == []
    assert await db.reads.comments("no-such-article", None) is None


async def test_comment_views_show_the_author_profile_and_following_for_the_viewer(
    db: Persistence,
) -> None:
    author, commenter, follower = await stored_users(db, 3)
    article = await stored_article(db, author)
    comment = await stored_comment(db, article, commenter, "Well said.")
    await follow(db, follower, commenter)

    by_follower = await db.reads.comment(comment.id, follower.id)
    by_anonymous = await db.reads.comment(comment.id, None)
    listed = await db.reads.comments(article.slug.value, follower.id)
    assert by_follower is not None
    assert by_follower.id == comment.id
    assert by_follower.body == "Well said."
    assert by_follower.created_at == comment.created_at
    assert by_follower.updated_at == comment.updated_at
    assert by_follower.author.username == commenter.username.value
    assert by_follower.author.following is True
    assert by_anonymous is not None
    assert by_anonymous.author.following is False
    assert listed is not None
    assert [c.author.following for c in listed] == [True]


async def test_commenting_on_an_article_that_is_gone_raises_not_found(db: Persistence) -> None:
    author, reader = await stored_users(db, 2)
    article = await stored_article(db, author)
    async with db.unit_of_work() as uow:
        await uow.articles.delete(article.id)
        await uow.commit()
    new = NewComment(
        article_id=article.id,
        author_id=reader.id,
        body=CommentBody("Hello?"),
        created_at=CLOCK.now(),
    )
    async with db.unit_of_work() as uow:
        with pytest.raises(NotFound):
            await uow.comments.add(new)
