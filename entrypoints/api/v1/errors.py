"""The one error mapping of ``/api/v1``: every failure is an RFC 9457 problem (``problems.py``).

Validation is one 422 listing every problem, each located by a JSON Pointer into the body
(RFC 6901), or by the query/path ``parameter`` or the ``header`` it is about. An unexpected
exception is a 500 that names nothing of the internals: the request middleware logs it."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import (
    AlreadyExists,
    Conflict,
    DomainError,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    Unauthenticated,
    Unavailable,
)
from entrypoints.api.auth import VIEWER_SCOPE_KEY, InvalidToken, MissingToken
from entrypoints.api.checked import route_body, rule_problems, stand_ins
from entrypoints.api.v1.cursors import BadCursor
from entrypoints.api.v1.paths import Uris
from entrypoints.api.v1.problems import Problem

log = logging.getLogger("quill.api")
RETRY_AFTER_SECONDS: Final = 1
Location = dict[str, str]

# The core's field names that are not body fields here: where their problems point instead.
_LOCATIONS: Final[Mapping[str, Location]] = {
    "followee": {"parameter": "username"},
    "request": {"pointer": ""},
}


def uris_of(request: Request) -> Uris:
    found: Uris = request.app.state.uris
    return found


def pointer(*parts: str | int) -> str:
    """An RFC 6901 JSON Pointer to ``parts``."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in parts)


def _field_location(field: str) -> Location:
    return dict(_LOCATIONS.get(field) or {"pointer": pointer(field)})


def field_errors(errors: Mapping[str, Iterable[str]]) -> list[dict[str, str]]:
    """The core's problems by field, as this surface's ``errors`` entries."""
    return [
        {**_field_location(field), "detail": message}
        for field, messages in errors.items()
        for message in messages
    ]


def problem(
    request: Request,
    name: str,
    detail: str,
    *,
    errors: Sequence[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Problem:
    return Problem(name, detail, uris=uris_of(request), errors=errors, headers=headers)


# --- request validation (pydantic) --------------------------------------------------------------
_MESSAGES: Final[Mapping[str, str]] = {
    "missing": "is required",
    "extra_forbidden": "is not a field of this request",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "int_parsing": "must be an integer",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "model_attributes_type": "must be a JSON object",
    "dict_type": "must be a JSON object",
    "model_type": "must be a JSON object",
}
_MALFORMED: Final = frozenset({"json_invalid", "json_type"})


def _location(loc: Sequence[int | str]) -> Location:
    source, rest = (loc[0], loc[1:]) if loc else ("body", ())
    if source == "body":
        return {"pointer": pointer(*rest)}
    if source == "header":
        return {"header": str(rest[0]) if rest else ""}
    return {"parameter": str(rest[0]) if rest else str(source)}


def _message(error: Mapping[str, Any]) -> str:
    kind = str(error["type"])
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    ctx = error.get("ctx") or {}
    if kind == "greater_than_equal":
        return f"must be greater than or equal to {ctx['ge']}"
    if kind == "less_than_equal":
        return f"must be less than or equal to {ctx['le']}"
    if kind == "string_too_long":
        return f"is too long (maximum is {ctx['max_length']} characters)"
    return str(error["msg"])


def validation_entries(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for error in errors:
        entry = {**_location(error["loc"]), "detail": _message(error)}
        if entry not in found:
            found.append(entry)
    return found


def core_problems(request: Request, exc: RequestValidationError) -> list[dict[str, str]]:
    """The core's rule problems with the body fields pydantic did not refuse, so one answer names
    every problem. A refused field stands in as absent, or as ``""`` when required, and keeps only
    pydantic's message."""
    model = route_body(request)
    if model is None or not isinstance(exc.body, dict):
        return []
    refused: set[str] = set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        if len(loc) < 2 or loc[0] != "body" or not isinstance(loc[1], str):
            return []  # the body as a whole is wrong, or the problem is not in it
        refused.add(loc[1])
    found = rule_problems(model, stand_ins(model, exc.body, refused))
    return field_errors(
        {field: messages for field, messages in found.items() if field not in refused}
    )


async def _request_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if any(error["type"] in _MALFORMED for error in errors):
        return problem(request, "malformed-request", "the body is not valid JSON")
    entries = validation_entries(errors) + core_problems(request, exc)
    return problem(request, "validation-failed", _summary(entries), errors=entries)


def _summary(entries: Sequence[Mapping[str, str]]) -> str:
    count = len(entries)
    return f"{count} problem{'s' if count != 1 else ''} with the request; see `errors`"


# --- domain errors ------------------------------------------------------------------------------
async def _invalid_input(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidInput)
    entries = field_errors(exc.errors) or [{"pointer": "", "detail": exc.message}]
    return problem(request, "validation-failed", _summary(entries), errors=entries)


async def _already_exists(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AlreadyExists)
    entries = field_errors({field: [exc.detail] for field in exc.fields})
    return problem(request, "already-exists", exc.message, errors=entries)


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    return problem(request, "not-found", f"no such {exc.resource}")


async def _forbidden(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Forbidden)
    return problem(request, "forbidden", exc.message)


async def _unauthenticated(request: Request, exc: Exception) -> Response:
    if isinstance(exc, MissingToken):
        return problem(
            request, "unauthenticated", exc.message, headers={"WWW-Authenticate": "Bearer"}
        )
    if isinstance(exc, InvalidToken) or VIEWER_SCOPE_KEY in request.scope:
        challenge = 'Bearer error="invalid_token"'
        detail = "the access token is malformed, forged, expired or not for this API"
        return problem(request, "unauthenticated", detail, headers={"WWW-Authenticate": challenge})
    # Only logging in fails without a token; never say which of login and password was wrong.
    detail = "the login or the password is wrong"
    return problem(request, "invalid-credentials", detail, headers={"WWW-Authenticate": "Bearer"})


async def _conflict(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Conflict)
    return problem(request, "conflict", exc.message)


async def _precondition_failed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, PreconditionFailed)
    return problem(request, "precondition-failed", exc.message)


async def _unavailable(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Unavailable)
    log.warning("answered 503: %s", exc.message)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    detail = "the service is busy; try again shortly"
    return problem(request, "service-unavailable", detail, headers=headers)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    entries = [{"pointer": "", "detail": exc.message}]
    return problem(request, "validation-failed", exc.message, errors=entries)


async def _bad_cursor(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, BadCursor)
    return problem(request, "invalid-cursor", str(exc))


# --- routing and everything else ----------------------------------------------------------------
_HTTP: Final[Mapping[int, tuple[str, str]]] = {
    400: ("malformed-request", "the body could not be read as JSON"),
    404: ("not-found", "nothing exists at this path"),
    405: ("method-not-allowed", "this path does not support the method"),
    413: ("payload-too-large", "the body is too large"),
    415: ("unsupported-media-type", "the body's media type is not accepted here"),
}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    name, detail = _HTTP.get(exc.status_code, ("malformed-request", "the request is invalid"))
    return problem(request, name, detail, headers=exc.headers)


def internal_error(uris: Uris) -> Problem:
    return Problem("internal-error", "the server could not answer this request", uris=uris)


async def _unexpected(request: Request, _: Exception) -> Response:
    # Starlette re-raises after answering; the request middleware then logs the exception once.
    return internal_error(uris_of(request))


def install(app: FastAPI) -> None:
    for kind, handler in (
        (RequestValidationError, _request_validation),
        (InvalidInput, _invalid_input),
        (AlreadyExists, _already_exists),
        (NotFound, _not_found),
        (Forbidden, _forbidden),
        (Unauthenticated, _unauthenticated),
        (Conflict, _conflict),
        (PreconditionFailed, _precondition_failed),
        (Unavailable, _unavailable),
        (DomainError, _domain_error),
        (BadCursor, _bad_cursor),
        (HTTPException, _http_error),
        (Exception, _unexpected),
    ):
        app.add_exception_handler(kind, handler)
