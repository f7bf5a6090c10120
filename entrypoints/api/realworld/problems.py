"""Every problem of a request in one 422: the edge's type errors merged with the core's rule errors.

When pydantic refuses part of a body or query string, the route's use case never runs. The fields
that did type-check still go through the pure core parser the use case would have called (the
input model's ``check``), once, and its rule problems join the type problems. A field the edge
refused keeps only the edge's message: the stand-in it is given so the rest can be checked would
otherwise be reported as blank.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from functools import cache
from typing import Any, Protocol, get_type_hints, runtime_checkable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response

from domain.errors import InvalidInput
from entrypoints.api.realworld.errors import error_response, validation_errors, wire_name


@runtime_checkable
class Checked(Protocol):
    def check(self) -> None:
        """Run the core's pure parser over this input: ``InvalidInput`` with its rule problems."""


class RequestProblems(Exception):
    """Problems of a request by wire field name, already merged: answered as one 422."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        super().__init__("invalid request")
        self.errors = {field: list(messages) for field, messages in errors.items()}


def merged(edge: Mapping[str, list[str]], core: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """The edge's problems, then the core's about every field the edge did not refuse."""
    return {**edge, **{field: messages for field, messages in core.items() if field not in edge}}


def _stand_ins(
    model: type[BaseModel], raw: Mapping[str, Any], refused: Collection[str]
) -> dict[str, Any]:
    """``raw`` without its refused fields: left out when optional, an empty string when
    required (every required field of this surface is text)."""
    kept = {name: value for name, value in raw.items() if name not in refused}
    for name, field in model.model_fields.items():
        if name in refused and field.is_required():
            kept[name] = ""
    return kept


def _rule_problems(model: type[BaseModel], raw: Mapping[str, Any]) -> dict[str, list[str]]:
    """The core's problems with ``raw`` as ``model`` (by wire name); none if it does not even
    type-check."""
    try:
        checked = model.model_validate(raw)
    except ValidationError:
        return {}
    assert isinstance(checked, Checked), f"{model.__name__} has no check()"
    try:
        checked.check()
    except InvalidInput as invalid:
        return {wire_name(field): list(messages) for field, messages in invalid.errors.items()}
    return {}


def query_problems(
    model: type[BaseModel], query: Mapping[str, str], error: ValidationError
) -> RequestProblems:
    """A query string pydantic refused, with the core's problems of its other parameters."""
    edge = validation_errors(
        {**problem, "loc": ("query", *problem["loc"])}
        for problem in error.errors(include_url=False)
    )
    return RequestProblems(merged(edge, _rule_problems(model, _stand_ins(model, query, edge))))


@cache
def _checked_body(endpoint: Callable[..., Any]) -> type[BaseModel] | None:
    """The endpoint's body model, when the core checks it (it has ``check``)."""
    for hint in get_type_hints(endpoint).values():
        if isinstance(hint, type) and issubclass(hint, BaseModel) and hasattr(hint, "check"):
            return hint
    return None


def _body_problems(request: Request, exc: RequestValidationError) -> dict[str, list[str]]:
    """The core's problems with the fields of a body that pydantic partly refused."""
    route = request.scope.get("route")
    model = _checked_body(route.endpoint) if isinstance(route, APIRoute) else None
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
    return _rule_problems(model, {envelope: _stand_ins(inner, content, refused)})


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
