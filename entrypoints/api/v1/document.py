"""OpenAPI conventions of ``/api/v1``: each operation lists exactly the problems it can answer
(``problems(...)``), each as ``application/problem+json`` with the problem schema and an example;
the bearer scheme is declared; the document holds the v1 operations only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from fastapi import FastAPI

from entrypoints.api.v1.auth import BEARER_SCHEME, SCHEME_NAME
from entrypoints.api.v1.paths import problem_path
from entrypoints.api.v1.problems import KINDS, PROBLEM_JSON
from entrypoints.api.v1.schemas import ProblemDetails

# Which problem each documented status stands for (409 and 401 have two: the first is named).
_BY_STATUS: Final = {
    400: "malformed-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "already-exists",
    412: "precondition-failed",
    413: "payload-too-large",
    415: "unsupported-media-type",
    422: "validation-failed",
    503: "service-unavailable",
}
_EXAMPLE_ERRORS: Final = {
    409: [{"pointer": "/username", "detail": "has already been taken"}],
    422: [
        {"pointer": "/email", "detail": "is invalid"},
        {"pointer": "/id", "detail": "is not a field of this request"},
    ],
}
# Every operation of this surface reads or writes the database, so any can meet it unavailable.
ALWAYS: Final = (503,)


def _example(status: int, name: str) -> dict[str, Any]:
    kind = KINDS[name]
    example: dict[str, Any] = {
        "type": problem_path(name),
        "title": kind.title,
        "status": status,
        "detail": kind.description,
        "instance": "/api/v1/me",
        "request_id": "4bf92f3577b34da6a3ce929d0e0e4736",
    }
    if status in _EXAMPLE_ERRORS:
        example["errors"] = _EXAMPLE_ERRORS[status]
    return example


def problems(*codes: int, names: dict[int, str] | None = None) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entry for the problems an operation can answer (503 always);
    ``names`` picks another problem for a status (401 ``invalid-credentials`` for a login)."""
    chosen = {**_BY_STATUS, **(names or {})}
    responses: dict[int | str, dict[str, Any]] = {}
    for code in (*codes, *ALWAYS):
        name = chosen[code]
        responses[code] = {
            "model": ProblemDetails,
            "description": KINDS[name].description,
            "content": {"application/json": {"example": _example(code, name)}},
        }
    return responses


def _as_problem_json(document: dict[str, Any]) -> None:
    """Error answers are ``application/problem+json`` (FastAPI writes a model's schema under the
    route's own media type); FastAPI's own 422 schema gives way to the problem schema."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            responses = operation.get("responses", {})
            for status, response in list(responses.items()):
                content = response.get("content", {})
                schema = content.get("application/json", {}).get("schema", {})
                if schema.get("$ref", "").endswith("/HTTPValidationError"):
                    # FastAPI's guess for any route with parameters; an operation that can
                    # answer 422 declares it itself.
                    del responses[status]
                    continue
                if int(status) >= 400 and "application/json" in content:
                    # Only the problem, never the success's media type (an HTML page), which is
                    # where FastAPI writes the model's schema for a route that is not JSON.
                    merged: dict[str, Any] = {}
                    for entry in content.values():
                        merged.update(entry)
                    response["content"] = {PROBLEM_JSON: merged}
    schemas = document.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)


def install(app: FastAPI) -> None:
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        document = generate()
        _as_problem_json(document)
        components = document.setdefault("components", {})
        components.setdefault("securitySchemes", {})[SCHEME_NAME] = BEARER_SCHEME
        app.openapi_schema = document
        return document

    app.openapi = openapi  # type: ignore[method-assign]
