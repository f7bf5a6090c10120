"""The one error mapping of the RealWorld surface: every failure becomes
``{"errors": {"<field>": ["<message>", ...]}}`` with 401/403/404/405/409/412/413/415/422, 503 (with
``Retry-After``) when the database stayed saturated for the whole wait, and an unexpected exception
a bare 500 that names nothing of the internals (the traceback goes to the log only)."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

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
from entrypoints.api.middleware import SECURITY_HEADERS

log = logging.getLogger("quill.api")


class ErrorEnvelope(BaseModel):
    """What every failed request answers."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"errors": {"email": ["has already been taken"]}}]}
    )

    errors: dict[str, list[str]]


_DESCRIPTIONS: Final[Mapping[int, str]] = {
    401: "Missing, malformed, forged or expired token (or, for login, wrong credentials)",
    403: "Signed in, but not allowed to do this",
    404: "No such resource",
    413: "The request body is larger than the server accepts",
    415: "The request body is not JSON (`Content-Type` names another type)",
    422: "Invalid input: a field breaks a rule, is missing, or the body is not valid JSON",
    503: "Every database connection stayed busy for the whole wait; retry after `Retry-After`",
}
# Every operation of this surface reads or writes the database, so any can meet it saturated.
_ALWAYS: Final = (503,)
RETRY_AFTER_SECONDS: Final = 1


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry documenting a route's error answers in OpenAPI (503 always)."""
    return {
        code: {"model": ErrorEnvelope, "description": _DESCRIPTIONS[code]}
        for code in (*codes, *_ALWAYS)
    }


def error_response(
    status: int, errors: Mapping[str, Iterable[str]], headers: Mapping[str, str] | None = None
) -> JSONResponse:
    body = {"errors": {field: list(messages) for field, messages in errors.items()}}
    return JSONResponse(body, status_code=status, headers=headers)


def reject(status: int, field: str, message: str) -> Response:
    """A single-field error answer, for middleware that refuses a request before routing."""
    return error_response(status, {field: [message]})


# --- domain errors ------------------------------------------------------------------------------
_TOKEN_HEADERS: Final = {"WWW-Authenticate": "Token"}

# The core's field names that this surface spells otherwise; every other name is the same here.
WIRE_NAMES: Final[Mapping[str, str]] = {"tags": "tagList", "followee": "username"}


def wire_name(field: str) -> str:
    """The name a domain field has on ``/api``."""
    return WIRE_NAMES.get(field, field)


async def _invalid_input(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidInput)
    errors = {wire_name(field): messages for field, messages in exc.errors.items()}
    return error_response(422, errors or {"request": ["is invalid"]})


async def _already_exists(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, AlreadyExists)
    return error_response(422, {wire_name(field): [exc.detail] for field in exc.fields})


async def _not_found(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotFound)
    return error_response(404, {exc.resource: ["not found"]})


async def _forbidden(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, Forbidden)
    return error_response(403, {"forbidden": [exc.message]})


async def _unauthenticated(request: Request, exc: Exception) -> Response:
    if isinstance(exc, MissingToken):
        errors = {"token": ["is missing"]}
    elif isinstance(exc, InvalidToken) or VIEWER_SCOPE_KEY in request.scope:
        errors = {"token": ["is invalid or expired"]}
    else:  # only logging in fails without a token; never say which of the two was wrong
        errors = {"email or password": ["is invalid"]}
    return error_response(401, errors, headers=_TOKEN_HEADERS)


async def _conflict(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, Conflict)
    return error_response(409, {"conflict": [exc.message]})


async def _precondition_failed(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, PreconditionFailed)
    return error_response(412, {"precondition": [exc.message]})


async def _unavailable(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, Unavailable)
    log.warning("answered 503: %s", exc.message)
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return error_response(503, {"server": ["is busy, try again shortly"]}, headers=headers)


async def _domain_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return error_response(422, {"request": [exc.message]})


# --- request validation (pydantic) --------------------------------------------------------------
_MESSAGES: Final[Mapping[str, str]] = {
    "missing": "is missing",
    "string_type": "must be a string",
    "int_type": "must be an integer",
    "int_parsing": "must be an integer",
    "int_parsing_size": "must be an integer",
    "int_from_float": "must be an integer",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "model_attributes_type": "must be a JSON object",
    "json_invalid": "is not valid JSON",
    "json_type": "is not valid JSON",
}
_NO_BODY: Final = "must have a JSON body"

# Errors about the request as a whole (not valid JSON, too large, not JSON at all, no body) are
# keyed ``request``: ``body`` is an article's and a comment's field.
REQUEST: Final = "request"


def _field(loc: Sequence[int | str]) -> str:
    """The field an error is about: the innermost name after the source (body, query, path);
    ``request`` for the body as a whole."""
    names = [part for part in loc[1:] if isinstance(part, str)]
    if names:
        return names[-1]
    return REQUEST if not loc or loc[0] == "body" else str(loc[0])


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
    if kind == "too_long":
        return f"has too many items (maximum is {ctx['max_length']})"
    return str(error["msg"])  # our own validators' messages are already phrased for clients


def validation_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """pydantic's errors (``loc``, ``type``, ``ctx``) as this surface's messages by field."""
    found: dict[str, list[str]] = {}
    for error in errors:
        field = REQUEST if error["type"] in {"json_invalid", "json_type"} else _field(error["loc"])
        messages = found.setdefault(field, [])
        message = _NO_BODY if field == REQUEST and error["type"] == "missing" else _message(error)
        if message not in messages:
            messages.append(message)
    return found


# --- routing and everything else ----------------------------------------------------------------
_HTTP_ERRORS: Final[Mapping[int, tuple[str, str]]] = {
    404: ("path", "not found"),
    405: ("method", "is not allowed here"),
    413: ("request", "is too large"),
    415: ("request", "must be sent as application/json"),
}


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 400:
        # FastAPI's answer to a body it could not decode at all (bad UTF-8, nesting too deep):
        # to a client that is malformed JSON like any other.
        return error_response(422, {REQUEST: [_MESSAGES["json_invalid"]]})
    field, message = _HTTP_ERRORS.get(exc.status_code, (REQUEST, "could not be handled"))
    return error_response(exc.status_code, {field: [message]}, headers=exc.headers)


def internal_error() -> Response:
    """The bare 500: nothing of the internals (the request middleware logs the exception). It is
    sent from outside the security-headers middleware, so it carries them itself."""
    response = error_response(500, {"server": ["internal error"]})
    response.raw_headers.extend(SECURITY_HEADERS)
    return response


async def _unexpected(_: Request, exc: Exception) -> Response:
    # Only an exception the request middleware (``observe.py``) did not take reaches Starlette's
    # outermost middleware, which calls this.
    log.error("unhandled error", exc_info=exc)
    return internal_error()


def install(app: FastAPI) -> None:
    """Register the mapping on ``app`` (most specific classes are matched first by Starlette)."""
    app.add_exception_handler(InvalidInput, _invalid_input)
    app.add_exception_handler(AlreadyExists, _already_exists)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(Forbidden, _forbidden)
    app.add_exception_handler(Unauthenticated, _unauthenticated)
    app.add_exception_handler(Conflict, _conflict)
    app.add_exception_handler(PreconditionFailed, _precondition_failed)
    app.add_exception_handler(Unavailable, _unavailable)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
