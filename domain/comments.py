"""Comments on articles. A comment's integer id is given by the store when it is added."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from domain.errors import Forbidden, require_valid
from domain.ids import ArticleId, CommentId, UserId
from domain.text import length_problems


@dataclass(frozen=True, slots=True)
class CommentBody:
    value: str
    MAX: ClassVar[int] = 10_000

    def __post_init__(self) -> None:
        require_valid(body=self.problems(self.value))

    @classmethod
    def problems(cls, value: str) -> list[str]:
        return length_problems(value, minimum=1, maximum=cls.MAX)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewComment:
    """A comment about to be stored: everything but the id."""

    article_id: ArticleId
    author_id: UserId
    body: CommentBody
    created_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Comment:
    id: CommentId
    article_id: ArticleId
    author_id: UserId
    body: CommentBody
    created_at: datetime
    updated_at: datetime

    def ensure_deletable_by(self, user_id: UserId) -> None:
        if user_id != self.author_id:
            raise Forbidden("only the author may delete this comment")
