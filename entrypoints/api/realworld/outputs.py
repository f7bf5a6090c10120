"""Response bodies of the RealWorld surface, read straight from the core's view dataclasses.

Timestamps are UTC RFC 3339 with milliseconds and ``Z`` (``2026-01-02T03:04:05.678Z``). ``tagList``
is in alphabetical order: the RealWorld conformance suite expects ``["dragons", "training"]`` back
for an article created with ``["training", "dragons"]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from application.views import (
    AccountView,
    ArticlePage,
    ArticleView,
    CommentView,
    ProfileView,
)


def rfc3339_ms(value: datetime) -> str:
    """``2026-01-02T03:04:05.678Z``; a naive value is taken to be UTC already."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    elif value.utcoffset():
        value = value.astimezone(UTC)
    # isoformat is C code (the f-string/strftime route costs several times more per call).
    return value.isoformat(timespec="milliseconds")[:23] + "Z"


def _alphabetical(tags: list[str]) -> list[str]:
    return sorted(tags)


Timestamp = Annotated[
    datetime,
    PlainSerializer(rfc3339_ms, return_type=str),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "examples": ["2026-01-02T03:04:05.678Z"]}
    ),
]
SortedTags = Annotated[list[str], AfterValidator(_alphabetical)]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class Profile(_Out):
    username: str
    bio: str | None
    image: str | None
    following: bool


class User(_Out):
    email: str
    token: str
    username: str
    bio: str | None
    image: str | None


class ArticleListItem(_Out):
    """An article in a list: everything but the body."""

    slug: str
    title: str
    description: str
    tags: SortedTags = Field(serialization_alias="tagList")
    created_at: Timestamp = Field(serialization_alias="createdAt")
    updated_at: Timestamp = Field(serialization_alias="updatedAt")
    favorited: bool
    favorites_count: int = Field(serialization_alias="favoritesCount")
    author: Profile


class Article(ArticleListItem):
    body: str


class Comment(_Out):
    id: int
    created_at: Timestamp = Field(serialization_alias="createdAt")
    updated_at: Timestamp = Field(serialization_alias="updatedAt")
    body: str
    author: Profile


# --- envelopes ----------------------------------------------------------------------------------
class SingleUser(_Out):
    user: User

    @classmethod
    def of(cls, view: AccountView) -> SingleUser:
        return cls.model_validate({"user": view})


class SingleProfile(_Out):
    profile: Profile

    @classmethod
    def of(cls, view: ProfileView) -> SingleProfile:
        return cls.model_validate({"profile": view})


class SingleArticle(_Out):
    article: Article

    @classmethod
    def of(cls, view: ArticleView) -> SingleArticle:
        return cls.model_validate({"article": view})


class MultipleArticles(_Out):
    """A page of articles; ``articlesCount`` counts every match, not just this page."""

    articles: list[ArticleListItem]
    total: int = Field(serialization_alias="articlesCount")

    @classmethod
    def of(cls, page: ArticlePage) -> MultipleArticles:
        return cls.model_validate(page)


class SingleComment(_Out):
    comment: Comment

    @classmethod
    def of(cls, view: CommentView) -> SingleComment:
        return cls.model_validate({"comment": view})


class MultipleComments(_Out):
    comments: list[Comment]

    @classmethod
    def of(cls, views: Sequence[CommentView]) -> MultipleComments:
        return cls.model_validate({"comments": views})


class Tags(_Out):
    tags: list[str]

    @classmethod
    def of(cls, tags: Sequence[str]) -> Tags:
        return cls.model_validate({"tags": tags})
