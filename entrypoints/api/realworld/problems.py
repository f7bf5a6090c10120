"""Every problem of a request in one 422: the edge's type errors merged with the core's rule errors
(``entrypoints/api/checked.py``), by ``/api``'s wire names, for bodies and query strings. A field
the edge refused keeps only the edge's message: the stand-in it is given so the rest can be
checked would otherwise be reported as blank.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from entrypoints.api.checked import route_body, rule_problems, stand_ins
from entrypoints.api.realworld.errors import error_response, validation_errors, wire_name


class RequestProblems(Exception):
    """Problems of a request by wire field name, already merged: answered as one 422."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        super().__init__("invalid request")
        self.errors = {field: list(messages) for field, messages in errors.items()}


def merged(edge: Mapping[str, list[str]], core: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The edge's problems, then the core's about every field the edge did not refuse."""
    return {**edge, **{field: messages for field, messages in core.items() if field not in edge}}


def _rule_problems(model: type[BaseModel], raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """The core's problems with ``raw`` as ``model``, by wire name."""
    return {wire_name(field): messages for field, messages in rule_problems(model, raw).items()}


def query_problems(
    model: type[BaseModel], query: Mapping[str, str], error: ValidationError
) -> RequestProblems:
    """A query string pydantic refused, with the core's problems of its other parameters."""
    edge = validation_errors(
        {**problem, "loc": ("query", *problem["loc"])}
        for problem in error.errors(include_url=False)
    )
    return RequestProblems(merged(edge, _rule_problems(model, stand_ins(model, query, edge))))


def _body_problems(request: Request, exc: RequestValidationError) -> dict[str, list[str]]:
    """The core's problems with the fields of a body that pydantic partly refused."""
    model = route_body(request)
    if model is None:
        return {}
    ((envelope, outer),) = model.model_fields.items()  # {"user": {...}}, {"article": {...}} …
    inner, content = (
        outer.annotation,
        exc.body.get(envelope) if isinstance(exc.body, dict) else None,
    )
    if not (isinstance(inner, type) and issubclass(inner, BaseModel) and isinstance(content, dict)):
        return {}
    refused: set[str] = set()
    for error in exc.errors():
        loc = tuple(error["loc"])
        if len(loc) < 3 or loc[:2] != ("body", envelope) or not isinstance(loc[2], str):
            return {}  # the body or its envelope as a whole is wrong: no field to check
        refused.add(loc[2])
    return _rule_problems(model, {envelope: stand_ins(inner, content, refused)})


async def _request_validation(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    return error_response(
        422, merged(validation_errors(exc.errors()), _body_problems(request, exc))
    )


async def _request_problems(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestProblems)
    return error_response(422, exc.errors)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(RequestProblems, _request_problems)
