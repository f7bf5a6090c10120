"""Comment bodies, who may delete a comment, and the events adding and deleting one record."""

from __future__ import annotations

import uuid

import pytest

from domain.comments import Comment, CommentBody
from domain.errors import Forbidden, InvalidInput
from domain.events import CommentAdded, CommentDeleted
from domain.ids import ArticleId, CommentId, UserId, new_user_id
from tests.support.clock import TestClock


def a_comment(author_id: UserId) -> Comment:
    now = TestClock().now()
    return Comment(
        id=CommentId(1),
        article_id=ArticleId(uuid.uuid4()),
        author_id=author_id,
        body=CommentBody("Nice one."),
        created_at=now,
        updated_at=now,
    )


@pytest.mark.parametrize("value", ["x", "Line one\n\tLine two", "c" * 10_000])
def test_a_comment_body_of_1_to_10000_characters_is_accepted(value: str) -> None:
    assert CommentBody.parse(value).value == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        (" \n ", "can't be blank"),
        ("c" * 10_001, "is too long (maximum is 10000 characters)"),
        ("esc\x1b[0m", "must not contain control characters"),
    ],
)
def test_a_bad_comment_body_is_refused_naming_body(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        CommentBody.parse(value)
    assert caught.value.errors == {"body": (message,)}


def test_an_added_comment_records_comment_added_at_its_creation() -> None:
    comment = a_comment(new_user_id())
    comment.added()
    [event] = comment.pull_events()
    assert isinstance(event, CommentAdded)
    assert (event.comment_id, event.article_id, event.author_id, event.occurred_at) == (
        comment.id,
        comment.article_id,
        comment.author_id,
        comment.created_at,
    )
    assert comment.pull_events() == []


def test_the_author_may_delete_their_comment_which_records_comment_deleted() -> None:
    author, now = new_user_id(), TestClock().now()
    comment = a_comment(author)
    comment.delete(by=author, now=now)
    [event] = comment.pull_events()
    assert isinstance(event, CommentDeleted)
    assert (event.comment_id, event.article_id, event.occurred_at) == (
        comment.id,
        comment.article_id,
        now,
    )


def test_someone_else_may_not_delete_a_comment_and_nothing_is_recorded() -> None:
    comment = a_comment(new_user_id())
    with pytest.raises(Forbidden, match="only the author may delete this comment"):
        comment.delete(by=new_user_id(), now=TestClock().now())
    assert comment.events == []
