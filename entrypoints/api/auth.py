"""Who is calling: the ``Authorization: Token <jwt>`` (or ``Bearer <jwt>``) header, on every
surface.

A missing header is anonymous where auth is optional and a 401 where it is required; a header that
is present but malformed, forged or expired is a 401 everywhere, never silently anonymous.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Depends, Security
from fastapi.security import APIKeyHeader
from starlette.requests import Request

from application.users import Users
from domain.errors import Unauthenticated
from domain.ids import UserId
from entrypoints.api import state


class TokenProblem(Unauthenticated):
    """The request's token is the reason the caller is not identified."""


class MissingToken(TokenProblem):
    """Auth is required and no token was sent."""


class InvalidToken(TokenProblem):
    """A token was sent but is malformed, forged or expired."""


# Set on the request scope once a token is verified: an ``Unauthenticated`` raised later in the
# same request (the account was deleted meanwhile) is then about the token, not about a login.
VIEWER_SCOPE_KEY: Final = "quill.viewer"

_SCHEMES: Final = frozenset({"token", "bearer"})

token_header = APIKeyHeader(
    name="Authorization",
    scheme_name="Token",
    description="`Token <jwt>` (or `Bearer <jwt>`), as returned by login and registration.",
    auto_error=False,
)

AuthorizationHeader = Annotated[str | None, Security(token_header)]


def token_from_header(value: str) -> str:
    """The JWT in an ``Authorization`` header value; ``InvalidToken`` for any other shape."""
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() not in _SCHEMES or not token or " " in token:
        raise InvalidToken("the Authorization header must read `Token <jwt>`")
    return token


def _verify(users: Users, header: str) -> UserId:
    token = token_from_header(header)
    try:
        return users.authenticate(token)
    except Unauthenticated as error:
        raise InvalidToken(error.message) from error


# The use case is taken from the request rather than through another dependency: every
# dependency FastAPI solves costs time on every request, and these run on nearly all of them.
async def required_viewer(request: Request, authorization: AuthorizationHeader) -> UserId:
    if authorization is None:
        raise MissingToken("this endpoint needs an Authorization header")
    viewer = _verify(state.use_cases(request).users, authorization)
    request.scope[VIEWER_SCOPE_KEY] = viewer
    return viewer


async def optional_viewer(request: Request, authorization: AuthorizationHeader) -> UserId | None:
    if authorization is None:
        return None
    return _verify(state.use_cases(request).users, authorization)


Viewer = Annotated[UserId, Depends(required_viewer)]
OptionalViewer = Annotated[UserId | None, Depends(optional_viewer)]
