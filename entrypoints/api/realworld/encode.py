"""The RealWorld surface's JSON bodies, written straight from the core's views.

``outputs.py`` declares each body as a pydantic model: that is the documented contract (the routes'
``response_model``, the OpenAPI schemas). The bytes are made here, from plain dicts serialized by
pydantic-core (``to_json``), because validating every view into a model and serializing the model
again cost three times as much as the dicts, a third of a list request (``bench/README.md``).
``tests/api/test_encode.py`` checks that every encoder produces exactly what its model would.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ParamSpec

from pydantic_core import to_json
from starlette.background import BackgroundTask
from starlette.responses import Response

from application.views import (
    AccountView,
    ArticlePage,
    ArticleSummary,
    ArticleView,
    CommentView,
    ProfileView,
)

Json = dict[str, Any]


class JsonBody(Response):
    """An ``application/json`` response whose content is already JSON-ready dicts and lists."""

    media_type = "application/json"

    def __init__(
        self,
        content: Json,
        status_code: int = 200,
        headers: Mapping[str, str] | None = None,
        background: BackgroundTask | None = None,
    ) -> None:
        super().__init__(content, status_code, headers=headers, background=background)

    def render(self, content: Any) -> bytes:
        return to_json(content)


P = ParamSpec("P")


def carries_token(
    endpoint: Callable[P, Awaitable[JsonBody]],
) -> Callable[P, Awaitable[JsonBody]]:
    """Marks a route whose answer carries a token: ``Cache-Control: no-store``, so that no
    browser or proxy cache keeps it. FastAPI reads the route's parameters through the wrapper."""

    @functools.wraps(endpoint)
    async def answer(*args: P.args, **kwargs: P.kwargs) -> JsonBody:
        response = await endpoint(*args, **kwargs)
        response.headers["Cache-Control"] = "no-store"
        return response

    return answer


def rfc3339_ms(value: datetime) -> str:
    """``2026-01-02T03:04:05.678Z`` (milliseconds truncated); a naive value is taken to be UTC."""
    zone = value.tzinfo
    if zone is not None and zone is not UTC and value.utcoffset():
        value = value.astimezone(UTC)
    # %-formatting is the cheapest correct way here: isoformat then slicing costs ~1.7x as much.
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (  # noqa: UP031
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond // 1000,
    )


def _stamps(created_at: datetime, updated_at: datetime) -> tuple[str, str]:
    """Both timestamps; most rows were never edited, so an equal pair is formatted once."""
    created = rfc3339_ms(created_at)
    return created, created if updated_at == created_at else rfc3339_ms(updated_at)


def profile(view: ProfileView) -> Json:
    """``bio`` and ``image`` are strings, ``""`` when unset (see ``outputs.py``)."""
    return {
        "username": view.username,
        "bio": view.bio or "",
        "image": view.image or "",
        "following": view.following,
    }


def article_summary(view: ArticleSummary) -> Json:
    """An article in a list: everything but the body; tags in alphabetical order (see
    ``outputs.py``)."""
    created, updated = _stamps(view.created_at, view.updated_at)
    return {
        "slug": view.slug,
        "title": view.title,
        "description": view.description,
        "tagList": sorted(view.tags),
        "createdAt": created,
        "updatedAt": updated,
        "favorited": view.favorited,
        "favoritesCount": view.favorites_count,
        "author": profile(view.author),
    }


def article(view: ArticleView) -> Json:
    body = article_summary(view)
    body["body"] = view.body
    return body


def comment(view: CommentView) -> Json:
    created, updated = _stamps(view.created_at, view.updated_at)
    return {
        "id": view.id,
        "createdAt": created,
        "updatedAt": updated,
        "body": view.body,
        "author": profile(view.author),
    }


def user(view: AccountView) -> Json:
    return {
        "email": view.email,
        "token": view.token,
        "username": view.username,
        "bio": view.bio or "",
        "image": view.image or "",
    }


# --- envelopes ----------------------------------------------------------------------------------
def single_user(view: AccountView) -> Json:
    return {"user": user(view)}


def single_profile(view: ProfileView) -> Json:
    return {"profile": profile(view)}


def single_article(view: ArticleView) -> Json:
    return {"article": article(view)}


def multiple_articles(page: ArticlePage) -> Json:
    return {
        "articles": [article_summary(view) for view in page.articles],
        "articlesCount": page.total,
    }


def single_comment(view: CommentView) -> Json:
    return {"comment": comment(view)}


def multiple_comments(views: Sequence[CommentView]) -> Json:
    return {"comments": [comment(view) for view in views]}


def tags(names: Sequence[str]) -> Json:
    return {"tags": list(names)}
