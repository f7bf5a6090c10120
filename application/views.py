"""Read-side views: plain dataclasses shaped for serialization, built by the query ports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.ids import CommentId
from domain.paging import Position


@dataclass(slots=True)
class ProfileView:
    username: str
    bio: str | None
    image: str | None
    following: bool


@dataclass(slots=True)
class ArticleSummary:
    """An article as lists show it: everything but the body."""

    slug: str
    title: str
    description: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int
    author: ProfileView


@dataclass(slots=True)
class ArticleView(ArticleSummary):
    body: str


@dataclass(slots=True)
class ArticlePage:
    articles: list[ArticleSummary]
    total: int


@dataclass(slots=True)
class ArticleKeysetPage:
    """A keyset page: ``next`` is where the following page starts (``None``: nothing after
    this one); ``total`` counts every match, only when the request asked for it."""

    articles: list[ArticleSummary]
    next: Position | None
    total: int | None


@dataclass(slots=True)
class CommentView:
    id: CommentId
    body: str
    created_at: datetime
    updated_at: datetime
    author: ProfileView


@dataclass(slots=True)
class CommentKeysetPage:
    """Like ``ArticleKeysetPage``, for an article's comments."""

    comments: list[CommentView]
    next: Position | None
    total: int | None


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag in use (its most used spelling) and how many articles carry it."""

    tag: str
    articles: int


@dataclass(slots=True)
class AccountView:
    """The signed-in user as the user endpoints return it, with a token: a fresh one after
    registering, logging in or updating; the caller's own when reading the current user."""

    email: str
    username: str
    bio: str | None
    image: str | None
    token: str


@dataclass(slots=True)
class UserSummary:
    username: str
    email: str
    created_at: datetime
