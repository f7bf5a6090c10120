"""The core's rule problems of a request body that pydantic partly refused, for every surface.

When pydantic refuses part of a body, the route's use case never runs. The fields that did
type-check still go through the pure core parser the use case would have called (the input
model's ``check``), once, so one answer can name every problem. A refused field gets a stand-in
so the rest can be checked; each surface keeps only the edge's message for it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from functools import cache
from typing import Any, Protocol, get_type_hints, runtime_checkable

from fastapi.routing import APIRoute
from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from domain.errors import InvalidInput


@runtime_checkable
class Checked(Protocol):
    def check(self) -> None:
        """Run the core's pure parser over this input: ``InvalidInput`` with its rule problems."""


@cache
def checked_body(endpoint: Callable[..., Any]) -> type[BaseModel] | None:
    """The endpoint's body model, when the core checks it (it has ``check``)."""
    for hint in get_type_hints(endpoint).values():
        if isinstance(hint, type) and issubclass(hint, BaseModel) and hasattr(hint, "check"):
            return hint
    return None


def route_body(request: Request) -> type[BaseModel] | None:
    """The checked body model of the route that served ``request``, if it has one."""
    route = request.scope.get("route")
    return checked_body(route.endpoint) if isinstance(route, APIRoute) else None


def stand_ins(
    model: type[BaseModel], raw: Mapping[str, Any], refused: Collection[str]
) -> dict[str, Any]:
    """``raw`` without its refused fields: left out when optional, an empty string when
    required (every required field of both surfaces is text)."""
    kept = {name: value for name, value in raw.items() if name not in refused}
    for name, field in model.model_fields.items():
        if name in refused and field.is_required():
            kept[name] = ""
    return kept


def rule_problems(model: type[BaseModel], raw: Mapping[str, Any]) -> Mapping[str, list[str]]:
    """The core's problems with ``raw`` as ``model``, by the core's field names; none if it does
    not even type-check."""
    try:
        candidate = model.model_validate(raw)
    except ValidationError:
        return {}
    assert isinstance(candidate, Checked), f"{model.__name__} has no check()"
    try:
        candidate.check()
    except InvalidInput as invalid:
        return {field: list(messages) for field, messages in invalid.errors.items()}
    return {}
