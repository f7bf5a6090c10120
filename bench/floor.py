"""The floor: the same RealWorld work as Quill's ``/api``, as fast as plain Python serves it.

Bare Starlette + asyncpg + orjson, one SQL statement per request on Quill's own tables, the same
JSON (envelopes, camelCase, ``…Z`` timestamps with milliseconds), the same checks (an HS256 JWT
verified with PyJWT, argon2id verified off the event loop). Run under uvicorn with uvloop and
httptools, one worker, an asyncpg pool of 32 (``bench/run.sh`` starts it):

    QUILL_JWT_SECRET=… FLOOR_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/quill_bench \\
        bench/.venv/bin/uvicorn floor:app --app-dir bench --port 8802 --loop uvloop \\
        --http httptools --no-access-log --no-server-header

The pool skips asyncpg's reset-on-release round trip (``FLOOR_POOL_RESET=1`` keeps it): nothing
here changes session state.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import unicodedata
import uuid
from collections.abc import AsyncIterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg  # type: ignore[import-untyped,unused-ignore]
import floor_sql as sql
import jwt
import orjson
from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from starlette.applications import Starlette
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

DATABASE_URL = os.environ.get(
    "FLOOR_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/quill_bench"
).replace("postgresql+asyncpg://", "postgresql://", 1)
POOL_SIZE = int(os.environ.get("FLOOR_POOL_SIZE", "32"))
JWT_SECRET = os.environ.get("QUILL_JWT_SECRET", "")
JWT_TTL = timedelta(seconds=int(os.environ.get("QUILL_JWT_TTL_SECONDS", str(7 * 24 * 3600))))
ALGORITHMS = ["HS256"]
JWT_OPTIONS: Any = {"require": ["exp", "iat", "sub"]}

_hasher = PasswordHasher()
_argon2_pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1, thread_name_prefix="argon2")
_decoy = _hasher.hash(secrets.token_urlsafe(16))
_state: dict[str, Any] = {}


class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def respond(payload: object, status: int = 200) -> Response:
    return Response(orjson.dumps(payload), status, media_type="application/json")


async def failure(request: Request, error: Exception) -> Response:
    assert isinstance(error, HttpError)
    return respond({"errors": {"body": [error.message]}}, error.status)


def viewer(request: Request, *, required: bool = False) -> uuid.UUID | None:
    header = request.headers.get("authorization")
    if header is None:
        if required:
            raise HttpError(401, "missing authorization credentials")
        return None
    scheme, _, token = header.partition(" ")
    if scheme != "Token" or not token:
        raise HttpError(401, "invalid authorization header")
    try:
        claims = jwt.decode(token, JWT_SECRET, algorithms=ALGORITHMS, options=JWT_OPTIONS)
        return uuid.UUID(claims["sub"])
    except (jwt.PyJWTError, ValueError, TypeError):
        raise HttpError(401, "token is invalid") from None


def profile(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "username": row["username"],
        "bio": row["bio"] or "",  # RealWorld's schema: strings, empty when unset
        "image": row["image"] or "",
        "following": row["following"],
    }


def article(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "slug": row["slug"],
        "title": row["title"],
        "description": row["description"],
        "tagList": row["tags"],
        "createdAt": row["created_at"],
        "updatedAt": row["updated_at"],
        "favorited": row["favorited"],
        "favoritesCount": row["favorites_count"],
        "author": profile(row),
    }


def page_args(request: Request) -> tuple[int, int]:
    try:
        limit = int(request.query_params.get("limit", "20"))
        offset = int(request.query_params.get("offset", "0"))
    except ValueError:
        raise HttpError(422, "limit and offset must be integers") from None
    return max(1, min(limit, 100)), max(0, offset)


async def list_articles(request: Request) -> Response:
    user = viewer(request)
    limit, offset = page_args(request)
    pool = _state["pool"]
    rows = await pool.fetch(sql.LIST, user, limit, offset)
    total = rows[0]["total"] if rows else await pool.fetchval(sql.COUNT_ALL)
    return respond({"articles": [article(r) for r in rows], "articlesCount": total})


async def feed(request: Request) -> Response:
    user = viewer(request, required=True)
    limit, offset = page_args(request)
    pool = _state["pool"]
    rows = await pool.fetch(sql.FEED, user, limit, offset)
    total = rows[0]["total"] if rows else await pool.fetchval(sql.COUNT_FEED, user)
    return respond({"articles": [article(r) for r in rows], "articlesCount": total})


async def single_article(request: Request) -> Response:
    user = viewer(request)
    row = await _state["pool"].fetchrow(sql.SINGLE, user, request.path_params["slug"])
    if row is None:
        raise HttpError(404, "article not found")
    body = article(row)
    body["body"] = row["body"]
    return respond({"article": body})


async def comments(request: Request) -> Response:
    user = viewer(request)
    rows = await _state["pool"].fetch(sql.COMMENTS, user, request.path_params["slug"])
    if not rows:
        raise HttpError(404, "article not found")
    return respond(
        {
            "comments": [
                {
                    "id": r["id"],
                    "createdAt": r["created_at"],
                    "updatedAt": r["updated_at"],
                    "body": r["body"],
                    "author": profile(r),
                }
                for r in rows
                if r["id"] is not None
            ]
        }
    )


async def tags(request: Request) -> Response:
    rows = await _state["pool"].fetch(sql.TAGS)
    return respond({"tags": [r[0] for r in rows]})


async def login(request: Request) -> Response:
    fields = _fields(await request.body(), "user", "email", "password")
    row = await _state["pool"].fetchrow(sql.LOGIN, fields["email"].strip())
    stored = _decoy if row is None else row["password_hash"]
    loop = asyncio.get_running_loop()
    if not await loop.run_in_executor(_argon2_pool, _verify, stored, fields["password"]) or not row:
        raise HttpError(401, "email or password is invalid")
    user = {k: row[k] for k in ("email", "username")} | {k: row[k] or "" for k in ("bio", "image")}
    user["token"] = _issue(row["id"])
    return respond({"user": user})


async def create_article(request: Request) -> Response:
    author = viewer(request, required=True)
    fields = _fields(await request.body(), "article", "title", "description", "body")
    raw_tags = fields.get("tagList") or []
    tag_list = list(dict.fromkeys(t for t in (str(r).strip() for r in raw_tags) if t))
    title = unicodedata.normalize("NFC", fields["title"]).strip()
    now = datetime.now(UTC)
    base = slugify(title)
    for slug in (base, *(f"{base}-{secrets.token_hex(3)}" for _ in range(3))):
        article_id, event_id = uuid.uuid4(), uuid.uuid4()
        payload = _event(event_id, now, article_id=article_id, author_id=author, slug=slug)
        args = (fields["description"], fields["body"], now, tag_list, event_id, payload)
        row = await _state["pool"].fetchrow(sql.CREATE, article_id, author, slug, title, *args)
        if row is not None:
            break
    else:
        raise HttpError(409, "slug is taken")
    stamp = now.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    created = {
        "slug": slug,
        "title": title,
        "description": fields["description"],
        "body": fields["body"],
        "tagList": sorted(tag_list),
        "createdAt": stamp,
        "updatedAt": stamp,
        "favorited": False,
        "favoritesCount": 0,
        "author": {**dict(row), "following": False},
    }
    return respond({"article": created}, 201)


def slugify(title: str) -> str:
    """Quill's rule: lower-case words of the title joined by ``-``."""
    text = unicodedata.normalize("NFKC", title).lower()
    slug = re.sub(r"-{2,}", "-", re.sub(r"[^\w]+", "-", text).replace("_", "-")).strip("-")
    return slug or "article"


def _fields(raw: bytes, envelope: str, *required: str) -> dict[str, Any]:
    try:
        fields = orjson.loads(raw)[envelope]
    except (orjson.JSONDecodeError, KeyError, TypeError):
        raise HttpError(422, f"body must be {{{envelope!r}: {{…}}}}") from None
    missing = [name for name in required if not isinstance(fields.get(name), str)]
    if missing or any(not fields[name].strip() for name in required):
        raise HttpError(422, f"{', '.join(required)} can't be blank")
    return dict(fields)


def _event(event_id: uuid.UUID, at: datetime, **fields: object) -> str:
    """The outbox payload as Quill writes it: the event's fields, compact JSON."""
    values = {"occurred_at": at.isoformat(), "event_id": str(event_id)}
    values.update({k: str(v) for k, v in fields.items()})
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except VerificationError:
        return False


def _issue(user_id: uuid.UUID) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": int(now.timestamp()),
        "exp": int((now + JWT_TTL).timestamp()),
    }
    return jwt.encode(claims, JWT_SECRET, algorithm=ALGORITHMS[0])


async def _keep_session(connection: object) -> None:
    """Nothing to reset: the floor never changes session state."""


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    if len(JWT_SECRET) < 32:
        raise RuntimeError("set QUILL_JWT_SECRET (at least 32 characters), as for Quill")
    reset = None if os.environ.get("FLOOR_POOL_RESET") == "1" else _keep_session
    _state["pool"] = await asyncpg.create_pool(
        DATABASE_URL, min_size=POOL_SIZE, max_size=POOL_SIZE, reset=reset
    )
    try:
        yield
    finally:
        await _state.pop("pool").close()


class GzipWhenAsked:
    """Starlette's gzip, as Quill configures it (from 1 KiB, level 1), for the requests that ask
    for it; every other request reaches the app as it did before the gzip scenario existed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=1024, compresslevel=1)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = scope.get("headers", ())
        if any(name == b"accept-encoding" and b"gzip" in value for name, value in headers):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


starlette_app = Starlette(
    routes=[
        Route("/api/articles", list_articles, methods=["GET"]),
        Route("/api/articles", create_article, methods=["POST"]),
        Route("/api/articles/feed", feed, methods=["GET"]),
        Route("/api/articles/{slug}", single_article, methods=["GET"]),
        Route("/api/articles/{slug}/comments", comments, methods=["GET"]),
        Route("/api/tags", tags, methods=["GET"]),
        Route("/api/users/login", login, methods=["POST"]),
    ],
    lifespan=lifespan,
    exception_handlers={HttpError: failure},
)
app = GzipWhenAsked(starlette_app)
