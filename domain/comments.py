"""Comments on articles. A comment's integer id is given by the store when it is added."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from domain.errors import Forbidden, require_valid
from domain.events import CommentAdded, CommentDeleted, DomainEvent, RecordsEvents
from domain.ids import ArticleId, CommentId, UserId
from domain.text import length_problems


@dataclass(frozen=True, slots=True)
class CommentBody:
    value: str
    MAX: ClassVar[int] = 10_000

    def __post_init__(self) -> None:
        require_valid(body=length_problems(self.value, minimum=1, maximum=self.MAX))

    @classmethod
    def parse(cls, raw: str) -> CommentBody:
        return cls(raw)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewComment:
    """A comment about to be stored: everything but the id."""

    article_id: ArticleId
    author_id: UserId
    body: CommentBody
    created_at: datetime


@dataclass(slots=True, kw_only=True, eq=False)
class Comment(RecordsEvents):
    id: CommentId
    article_id: ArticleId
    author_id: UserId
    body: CommentBody
    created_at: datetime
    updated_at: datetime
    events: list[DomainEvent] = field(default_factory=list)

    def added(self) -> None:
        """Record that the store has just added this comment (only then is its id known)."""
        self.events.append(
            CommentAdded(
                occurred_at=self.created_at,
                comment_id=self.id,
                article_id=self.article_id,
                author_id=self.author_id,
            )
        )

    def delete(self, *, by: UserId, now: datetime) -> None:
        """Only its author may delete a comment."""
        if by != self.author_id:
            raise Forbidden("only the author may delete this comment")
        self.events.append(
            CommentDeleted(occurred_at=now, comment_id=self.id, article_id=self.article_id)
        )
