"""Ports: what the core needs from the outside world, as Protocols speaking domain types.

Adapters name the Protocol they implement as a base class, so mypy checks every signature where the
adapter is defined.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from application.views import (
    ArticleKeysetPage,
    ArticlePage,
    ArticleView,
    CommentKeysetPage,
    CommentView,
    ProfileView,
    TagCount,
    UserSummary,
)
from domain.articles import Article
from domain.comments import Comment, NewComment
from domain.events import DomainEvent
from domain.ids import ArticleId, CommentId, UserId
from domain.paging import KeysetRequest, PageRequest
from domain.users import User


# --- write side: repositories -------------------------------------------------------------------
class UserRepository(Protocol):
    async def add(self, user: User) -> None:
        """Store a new user; ``AlreadyExists`` naming the email or the username when taken (a
        constraint-checking store may name only the first it meets)."""

    async def save(self, user: User) -> None:
        """Store changes to an existing user; same uniqueness errors as ``add``."""

    async def by_id(self, user_id: UserId) -> User | None: ...

    async def by_username(self, username: str) -> User | None:
        """Case-insensitive."""

    async def by_email(self, email: str) -> User | None:
        """Ignoring case, by ``domain.users.email_key``."""

    async def replace_password_hash(self, user_id: UserId, old: str, new: str) -> bool:
        """Compare and set: store ``new`` only if the stored hash is still ``old``; True when it
        was replaced. Changes nothing else (``updated_at`` stays)."""

    async def registered(self, page: PageRequest) -> list[UserSummary]:
        """Users in registration order."""


class FollowRepository(Protocol):
    async def add(self, follower_id: UserId, followee_id: UserId) -> bool:
        """Idempotent; True when the follow is new."""

    async def remove(self, follower_id: UserId, followee_id: UserId) -> bool:
        """Idempotent; True when a follow was removed."""

    async def exists(self, follower_id: UserId, followee_id: UserId) -> bool: ...


class ArticleRepository(Protocol):
    async def add(self, article: Article) -> None:
        """Store a new article; ``AlreadyExists("slug")`` when the slug is taken."""

    async def save(self, article: Article) -> None:
        """Store changes (tags included); ``AlreadyExists("slug")`` when the new slug is taken.
        A changed slug keeps the old one as the article's earlier slug (removed with it)."""

    async def by_slug(self, slug: str) -> Article | None:
        """By current slug only: writes by an earlier slug find nothing."""

    async def id_by_slug(self, slug: str) -> ArticleId | None:
        """Only the id: for writes that touch an article's relations, not the article itself."""

    async def slug_taken(self, slug: str, for_article: ArticleId | None = None) -> bool:
        """Whether an article has the slug now, or had it before a retitle (earlier slugs stay
        reserved to their article: ``for_article``'s own earlier slugs are free to it)."""

    async def delete(self, article_id: ArticleId) -> None:
        """Remove the article with its tags, favorites and comments."""


class FavoriteRepository(Protocol):
    async def add(self, user_id: UserId, article_id: ArticleId) -> bool:
        """Idempotent; True when the favorite is new."""

    async def remove(self, user_id: UserId, article_id: ArticleId) -> bool:
        """Idempotent; True when a favorite was removed."""


class CommentRepository(Protocol):
    async def add(self, comment: NewComment) -> Comment:
        """Store a new comment and return it with the id the store gave it."""

    async def by_id(self, comment_id: CommentId) -> Comment | None: ...

    async def delete(self, comment_id: CommentId) -> None: ...


class Outbox(Protocol):
    async def add(self, events: Sequence[DomainEvent]) -> None:
        """Record events in the current transaction."""


# --- read side: query ports ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFilter:
    tag: str | None = None
    author: str | None = None
    favorited_by: str | None = None


class ReadModel(Protocol):
    """Views for a viewer (``None`` = anonymous); each list answer takes a constant number of
    statements whatever the page size."""

    async def profile(self, username: str, viewer: UserId | None) -> ProfileView | None: ...

    async def article(self, slug: str, viewer: UserId | None) -> ArticleView | None: ...

    async def articles(
        self, filter: ArticleFilter, page: PageRequest, viewer: UserId | None
    ) -> ArticlePage:
        """Newest first; ``total`` counts every match, not just the page."""

    async def feed(self, viewer: UserId, page: PageRequest) -> ArticlePage:
        """Articles by authors ``viewer`` follows, newest first."""

    async def comments(self, slug: str, viewer: UserId | None) -> list[CommentView] | None:
        """Comments on the article, oldest first; ``None`` when there is no such article."""

    async def comment(self, comment_id: CommentId, viewer: UserId | None) -> CommentView | None: ...

    async def tags(self) -> list[str]:
        """Every tag in use, most used first."""

    async def tag_counts(self, limit: int) -> list[TagCount]:
        """The ``limit`` most used tags with their article counts, most used first, ties by
        ``tag_key``; spellings of one tag count as one (shown in ``tags``' spelling)."""

    async def article_page(
        self, filter: ArticleFilter, request: KeysetRequest, viewer: UserId | None
    ) -> ArticleKeysetPage:
        """A keyset page of the matches in ``request.sort`` order by (created_at, id), starting
        after ``request.after`` (whose id is an article id's text)."""

    async def feed_page(self, viewer: UserId, request: KeysetRequest) -> ArticleKeysetPage:
        """Like ``article_page``, over the articles by authors ``viewer`` follows."""

    async def comment_page(
        self, slug: str, viewer: UserId | None, request: KeysetRequest
    ) -> CommentKeysetPage | None:
        """A keyset page of the article's comments (``after.id`` a comment id); ``None`` when
        there is no such article."""

    async def current_slug(self, slug: str) -> str | None:
        """The current slug of the article that has or had ``slug``; ``None`` when none did."""


# --- unit of work -------------------------------------------------------------------------------
class UnitOfWork(Protocol):
    """``async with uow:`` opens one transaction; ``commit()`` is explicit; leaving without it rolls
    back. ``reads`` sees the transaction's own uncommitted writes."""

    users: UserRepository
    follows: FollowRepository
    articles: ArticleRepository
    favorites: FavoriteRepository
    comments: CommentRepository
    outbox: Outbox
    reads: ReadModel

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]


class Persistence(Protocol):
    """One persistence adapter, opened: units of work for writes, a read model for plain reads
    (which the SQL adapter answers without a transaction)."""

    @property
    def reads(self) -> ReadModel: ...

    def unit_of_work(self) -> UnitOfWork: ...

    async def health(self) -> str | None:
        """Why the store cannot serve now (unreachable, schema not at the newest migration), or
        ``None`` when it can. One short round trip; the caller bounds how long it may take."""

    async def oldest_unpublished_event(self) -> datetime | None:
        """When the oldest event still waiting in the outbox occurred; ``None`` when none waits."""

    async def close(self) -> None: ...


# --- security and time --------------------------------------------------------------------------
class PasswordHasher(Protocol):
    """Hashing and verifying must not block the event loop."""

    async def hash(self, password: str) -> str: ...

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether the hash was made with other parameters than this hasher's (after the cost was
        raised): a login that verified it then stores a fresh hash of the same password."""

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """False on mismatch or an unreadable hash; never raises for a wrong password.

        With ``None`` (no such account) it spends as long as a real check and returns False, so the
        time a failed login takes does not tell whether the account exists."""


class TokenService(Protocol):
    def issue(self, user_id: UserId) -> str: ...

    def verify(self, token: str) -> UserId:
        """The user the token names; ``Unauthenticated`` if malformed, forged or expired."""


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC."""
