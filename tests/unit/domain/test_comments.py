"""Comment bodies, who may delete a comment, and who may follow whom."""

from __future__ import annotations

import uuid

import pytest

from domain.comments import Comment, CommentBody
from domain.errors import Forbidden, InvalidInput
from domain.follows import ensure_can_follow
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
    assert CommentBody(value).value == value


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
        CommentBody(value)
    assert caught.value.errors == {"body": (message,)}


def test_the_author_may_delete_their_comment() -> None:
    author = new_user_id()
    a_comment(author).ensure_deletable_by(author)


def test_someone_else_may_not_delete_a_comment() -> None:
    with pytest.raises(Forbidden, match="only the author may delete this comment"):
        a_comment(new_user_id()).ensure_deletable_by(new_user_id())


def test_a_user_may_follow_someone_else() -> None:
    ensure_can_follow(new_user_id(), new_user_id())


def test_a_user_cannot_follow_themselves() -> None:
    me = new_user_id()
    with pytest.raises(InvalidInput) as caught:
        ensure_can_follow(me, me)
    assert caught.value.errors == {"username": ("cannot follow yourself",)}
