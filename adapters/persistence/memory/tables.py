"""The memory adapter's state: plain dicts and sets, with the indexes the SQL schema enforces
(case-insensitive usernames and emails, unique slugs) kept beside the rows they index."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from application.context import Correlation
from domain.articles import Article
from domain.comments import Comment
from domain.events import DomainEvent
from domain.ids import ArticleId, CommentId, UserId
from domain.users import User


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    """An outbox row: the event and the correlation of the work that recorded it."""

    event: DomainEvent
    correlation: Correlation


@dataclass(slots=True)
class Tables:
    """One consistent snapshot of every table. Dicts keep insertion order, which breaks ties
    between rows stamped with the same time. Entities stored here are never mutated: a change
    replaces the stored copy."""

    users: dict[UserId, User] = field(default_factory=dict)
    user_by_username: dict[str, UserId] = field(default_factory=dict)
    user_by_email: dict[str, UserId] = field(default_factory=dict)
    follows: set[tuple[UserId, UserId]] = field(default_factory=set)
    articles: dict[ArticleId, Article] = field(default_factory=dict)
    article_by_slug: dict[str, ArticleId] = field(default_factory=dict)
    # Slugs articles had before a retitle, kept reserved to them (SQL: ``article_slug``).
    earlier_slugs: dict[str, ArticleId] = field(default_factory=dict)
    favorites: set[tuple[UserId, ArticleId]] = field(default_factory=set)
    comments: dict[CommentId, Comment] = field(default_factory=dict)
    last_comment_id: int = 0
    outbox: list[OutboxEntry] = field(default_factory=list)

    def copy(self) -> Tables:
        """A working copy: every table copied, the (immutable-by-convention) rows shared."""
        return Tables(
            users=dict(self.users),
            user_by_username=dict(self.user_by_username),
            user_by_email=dict(self.user_by_email),
            follows=set(self.follows),
            articles=dict(self.articles),
            article_by_slug=dict(self.article_by_slug),
            earlier_slugs=dict(self.earlier_slugs),
            favorites=set(self.favorites),
            comments=dict(self.comments),
            last_comment_id=self.last_comment_id,
            outbox=list(self.outbox),
        )


def detached_user(user: User) -> User:
    """A copy of ``user`` sharing nothing mutable with it (events are not stored)."""
    return dataclasses.replace(user, events=[])


def detached_article(article: Article) -> Article:
    return dataclasses.replace(article, events=[])
