"""Who is calling ``/api/v1``: ``Authorization: Bearer <access token>`` and nothing else (RFC 6750).

The token must be one of this surface's (its audience): an ``/api`` token is refused here, as this
surface's are on ``/api``. Routes read the caller with a plain call (``caller(request)``); a route
that takes a body declares ``Caller`` instead, so FastAPI runs it before it validates the body and
an anonymous client hears 401, not a 422 about its payload."""

from __future__ import annotations

from typing import Annotated, Any, Final

from fastapi import Depends
from starlette.requests import Request

from domain.ids import UserId
from entrypoints.api import state
from entrypoints.api.auth import VIEWER_SCOPE_KEY, MissingToken, token_in, verified_caller

SCHEME_NAME: Final = "bearer"
BEARER_SCHEME: Final[dict[str, Any]] = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": "The `access_token` from `POST /api/v1/auth/login`, sent as "
    "`Authorization: Bearer <token>`.",
}
BEARER_AUTH: Final[dict[str, Any]] = {"security": [{SCHEME_NAME: []}]}
OPTIONAL_BEARER_AUTH: Final[dict[str, Any]] = {"security": [{}, {SCHEME_NAME: []}]}


_BEARER: Final = frozenset({"bearer"})


def _verify(request: Request, header: str) -> UserId:
    token = token_in(header, _BEARER, "`Bearer <token>`")
    found = verified_caller(request, token, state.use_cases(request).v1_users)
    request.scope[VIEWER_SCOPE_KEY] = found
    return found


def caller(request: Request) -> UserId:
    """The verified caller; ``MissingToken`` or ``InvalidToken`` (401) otherwise."""
    header = request.headers.get("authorization")
    if header is None:
        raise MissingToken("this operation needs an `Authorization: Bearer <token>` header")
    return _verify(request, header)


def optional_caller(request: Request) -> UserId | None:
    """The verified caller, ``None`` without a header; ``InvalidToken`` for a bad one."""
    header = request.headers.get("authorization")
    return None if header is None else _verify(request, header)


async def _required(request: Request) -> UserId:
    return caller(request)


Caller = Annotated[UserId, Depends(_required)]
