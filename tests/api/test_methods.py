"""The methods of a path as a whole: ``405`` names every method the path supports, ``HEAD`` answers
like ``GET`` without the body on every ``GET`` route, ``OPTIONS`` lists the methods. Routing does
not depend on the database, so these run on the memory adapter only."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from entrypoints.api.methods import MethodFallback
from tests.api.conduit import Account, Conduit, errors_of

METHODS = ("get", "post", "put", "delete")
# Headers that may differ between two answers to the same request.
UNSTABLE = {"date", "x-request-id"}


@pytest.fixture
def db_kind() -> str:
    return "memory"


async def document_paths(conduit: Conduit) -> dict[str, set[str]]:
    """Every /api path of the OpenAPI document and the methods it documents."""
    document = await conduit.get_json("/openapi.json")
    return {
        path: {method.upper() for method in item if method in METHODS}
        for path, item in document["paths"].items()
        if path.startswith("/api")
    }


def allow_of(methods: set[str]) -> set[str]:
    return methods | ({"HEAD"} if "GET" in methods else set()) | {"OPTIONS"}


async def concrete(conduit: Conduit) -> tuple[Account, dict[str, str]]:
    """A signed-in account with an article and a comment, and values for every path parameter."""
    account = await conduit.register()
    article = await conduit.create_article(account)
    comment = await conduit.comment(account, article["slug"])
    values = {"slug": article["slug"], "username": account.username, "id": str(comment["id"])}
    return account, values


def fill(path: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value)
    return path


async def test_405_names_every_method_of_every_path(conduit: Conduit) -> None:
    _, values = await concrete(conduit)
    paths = await document_paths(conduit)
    assert ("/api/user", {"GET", "PUT"}) in paths.items()

    for path, methods in paths.items():
        response = await conduit.client.request("PATCH", fill(path, values))

        assert response.status_code == 405, path
        assert errors_of(response) == {"method": ["is not allowed here"]}
        allowed = [method.strip() for method in response.headers["Allow"].split(",")]
        assert len(allowed) == len(set(allowed)), path
        assert set(allowed) == allow_of(methods), path


async def test_patch_on_the_current_user_allows_get_and_put(conduit: Conduit) -> None:
    response = await conduit.client.patch("/api/user", json={"user": {"bio": "x"}})

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, PUT, OPTIONS"


def comparable(response: httpx.Response) -> dict[str, Any]:
    return {
        "status": response.status_code,
        "headers": {k: v for k, v in response.headers.items() if k.lower() not in UNSTABLE},
    }


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "anonymous"])
async def test_head_answers_every_get_route_like_get_without_a_body(
    conduit: Conduit, signed_in: bool
) -> None:
    account, values = await concrete(conduit)
    headers = account.headers if signed_in else {}
    gets = [path for path, methods in (await document_paths(conduit)).items() if "GET" in methods]
    assert len(gets) == 7

    statuses = set()
    for path in gets:
        url = fill(path, values)
        got = await conduit.client.get(url, headers=headers)
        head = await conduit.client.head(url, headers=headers)

        assert comparable(head) == comparable(got), path
        assert head.content == b"", path
        assert int(head.headers["Content-Length"]) == len(got.content) > 0, path
        statuses.add(got.status_code)
    assert statuses == ({200} if signed_in else {200, 401})


async def test_head_of_a_missing_article_is_404_without_a_body(conduit: Conduit) -> None:
    response = await conduit.client.head("/api/articles/no-such-article")

    assert response.status_code == 404
    assert response.content == b""


async def test_options_lists_the_methods_of_the_path(conduit: Conduit) -> None:
    response = await conduit.client.options("/api/articles")

    assert response.status_code == 204
    assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    assert response.content == b""


async def test_the_fallbacks_come_after_every_route_so_served_methods_never_meet_them(
    conduit: Conduit, app: FastAPI
) -> None:
    kinds = [isinstance(route, MethodFallback) for route in app.router.routes]

    assert kinds.count(True) == len(await document_paths(conduit))
    assert kinds == sorted(kinds)  # every False (a real route) before the first True
