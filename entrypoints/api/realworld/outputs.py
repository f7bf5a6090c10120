"""Response bodies of the RealWorld surface: the documented contract (``response_model`` and the
OpenAPI schemas). The bytes are written by ``encode.py``, which the tests hold to these models.

Timestamps are UTC RFC 3339 with milliseconds and ``Z`` (``2026-01-02T03:04:05.678Z``). ``tagList``
is in alphabetical order: the RealWorld conformance suite expects ``["dragons", "training"]`` back
for an article created with ``["training", "dragons"]``. ``bio`` and ``image`` are always strings,
``""`` when the user has none, as the RealWorld spec's schema has them (a client generated from it
has no room for ``null``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from entrypoints.api.realworld.encode import rfc3339_ms


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


def _blank_when_unset(value: str | None) -> str:
    return value or ""


Bio = Annotated[
    str,
    BeforeValidator(_blank_when_unset),
    Field(
        description="The user's bio; empty when they have none.", examples=["I work at statefarm"]
    ),
]
Image = Annotated[
    str,
    BeforeValidator(_blank_when_unset),
    Field(
        description="The URL of the user's picture; empty when they have none.",
        examples=["https://api.realworld.io/images/smiley-cyrus.jpg"],
    ),
]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True, frozen=True)


class Profile(_Out):
    username: str
    bio: Bio
    image: Image
    following: bool


class User(_Out):
    email: str
    token: str
    username: str
    bio: Bio
    image: Image


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


class SingleProfile(_Out):
    profile: Profile


class SingleArticle(_Out):
    article: Article


class MultipleArticles(_Out):
    """A page of articles; ``articlesCount`` counts every match, not just this page."""

    articles: list[ArticleListItem]
    total: int = Field(serialization_alias="articlesCount")


class SingleComment(_Out):
    comment: Comment


class MultipleComments(_Out):
    comments: list[Comment]


class Tags(_Out):
    tags: list[str]
