"""Who is calling: the ``Authorization: Token <jwt>`` (or ``Bearer <jwt>``) header, on every
surface.

A missing header is anonymous where auth is optional and a 401 where it is required; a header that
is present but malformed, forged or expired is a 401 everywhere, never silently anonymous.

Routes read the caller with plain calls (``viewer(request)``, ``optional_viewer(request)``), not
through FastAPI dependencies: FastAPI solves each dependency on every request, which cost more than
the rest of a cached read's routing (``bench/README.md``). The one exception is ``Viewer``: a route
that takes a body and requires auth declares it as a dependency, because FastAPI runs dependencies
before it validates the body, so an anonymous caller hears 401 rather than a 422 about its payload.
The OpenAPI document still shows the scheme: routes pass ``TOKEN_AUTH`` (or
``OPTIONAL_TOKEN_AUTH``) as ``openapi_extra`` and ``document_token_scheme`` adds the scheme's
definition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Final

from fastapi import Depends, FastAPI
from starlette.requests import Request

from application.users import Users
from domain.errors import Unauthenticated
from domain.ids import UserId
from entrypoints.api import state
from entrypoints.api.observe import OBSERVED_SCOPE_KEY


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

SCHEME_NAME: Final = "Token"
TOKEN_SCHEME: Final[dict[str, Any]] = {
    "type": "apiKey",
    "description": "`Token <jwt>` (or `Bearer <jwt>`), as returned by login and registration.",
    "in": "header",
    "name": "Authorization",
}
# ``openapi_extra`` of the routes that need a caller, and of those where a token is optional (an
# empty requirement means "no auth"; a token, if sent, must still be valid).
TOKEN_AUTH: Final[dict[str, Any]] = {"security": [{SCHEME_NAME: []}]}
OPTIONAL_TOKEN_AUTH: Final[dict[str, Any]] = {"security": [{}, {SCHEME_NAME: []}]}


def token_from_header(value: str) -> str:
    """The JWT in an ``Authorization`` header value; ``InvalidToken`` for any other shape."""
    return token_in(value, _SCHEMES, "`Token <jwt>`")


def token_in(value: str, schemes: frozenset[str], shape: str) -> str:
    """The token of an ``Authorization`` header value sent with one of ``schemes`` (lower case);
    ``InvalidToken`` naming the ``shape`` expected for anything else. Every surface reads its
    header here."""
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if scheme.lower() not in schemes or not token or " " in token:
        raise InvalidToken(f"the Authorization header must read {shape}")
    return token


def verified_caller(request: Request, token: str, users: Users) -> UserId:
    """The user ``users`` says the token names (``InvalidToken`` otherwise), also handed to the
    request middleware's record, so the access line names the caller."""
    try:
        caller = users.authenticate(token)
    except Unauthenticated as error:
        raise InvalidToken(error.message) from error
    observed = request.scope.get(OBSERVED_SCOPE_KEY)
    if observed is not None:
        observed.user_id = caller
    return caller


def _verify(request: Request, header: str) -> UserId:
    return verified_caller(request, token_from_header(header), state.use_cases(request).users)


def viewer(request: Request) -> UserId:
    """The verified caller; ``MissingToken`` or ``InvalidToken`` (both 401) otherwise."""
    header = request.headers.get("authorization")
    if header is None:
        raise MissingToken("this endpoint needs an Authorization header")
    caller = _verify(request, header)
    request.scope[VIEWER_SCOPE_KEY] = caller
    return caller


def optional_viewer(request: Request) -> UserId | None:
    """The verified caller, ``None`` without a header; ``InvalidToken`` for a bad one."""
    header = request.headers.get("authorization")
    if header is None:
        return None
    return _verify(request, header)


async def _required_viewer(request: Request) -> UserId:
    return viewer(request)


Viewer = Annotated[UserId, Depends(_required_viewer)]


def document_token_scheme(app: FastAPI) -> None:
    """Add the token scheme to ``app``'s OpenAPI components (routes refer to it by name)."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()  # FastAPI keeps it as app.openapi_schema: this runs once
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {})[SCHEME_NAME] = TOKEN_SCHEME
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
