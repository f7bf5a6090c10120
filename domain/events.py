"""Domain events: facts the core records while it changes state.

Each is raised by the entity whose rule it records (``RecordsEvents``); the use case pulls them
into the outbox in the same transaction as the change, so an event exists if and only if its change
committed. ``name`` is the event's stable public name. Events carry ids and public facts, never
personal data: a consumer that needs an account's details looks the account up.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from domain.ids import ArticleId, CommentId, UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class DomainEvent:
    name: ClassVar[str] = "event"
    occurred_at: datetime
    event_id: uuid.UUID = field(default_factory=uuid.uuid4)


class RecordsEvents:
    """What every entity that raises events shares: it appends to ``events`` as its rules allow a
    change, and the use case takes them once with ``pull_events()`` into the outbox."""

    __slots__ = ()
    events: list[DomainEvent]

    def pull_events(self) -> list[DomainEvent]:
        events = list(self.events)
        self.events.clear()
        return events


@dataclass(frozen=True, slots=True, kw_only=True)
class UserRegistered(DomainEvent):
    name: ClassVar[str] = "user.registered"
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class UserUpdated(DomainEvent):
    name: ClassVar[str] = "user.updated"
    user_id: UserId
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class UserFollowed(DomainEvent):
    name: ClassVar[str] = "user.followed"
    follower_id: UserId
    followee_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class UserUnfollowed(DomainEvent):
    name: ClassVar[str] = "user.unfollowed"
    follower_id: UserId
    followee_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticlePublished(DomainEvent):
    name: ClassVar[str] = "article.published"
    article_id: ArticleId
    author_id: UserId
    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleUpdated(DomainEvent):
    name: ClassVar[str] = "article.updated"
    article_id: ArticleId
    slug: str
    fields: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleDeleted(DomainEvent):
    name: ClassVar[str] = "article.deleted"
    article_id: ArticleId
    slug: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFavorited(DomainEvent):
    name: ClassVar[str] = "article.favorited"
    article_id: ArticleId
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleUnfavorited(DomainEvent):
    name: ClassVar[str] = "article.unfavorited"
    article_id: ArticleId
    user_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentAdded(DomainEvent):
    name: ClassVar[str] = "comment.added"
    comment_id: CommentId
    article_id: ArticleId
    author_id: UserId


@dataclass(frozen=True, slots=True, kw_only=True)
class CommentDeleted(DomainEvent):
    name: ClassVar[str] = "comment.deleted"
    comment_id: CommentId
    article_id: ArticleId
