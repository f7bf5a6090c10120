"""The surface's cursor helpers over the app's own seal: a cursor round-trips for its query, and
one that does not open is the 400 ``invalid-cursor`` problem."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from starlette.requests import Request

from entrypoints.api.v1.cursors import BadCursor, next_cursor, position_of
from entrypoints.api.v1.errors import install

QUERY = {"author": "jake", "limit": 20}


@pytest.fixture
def db_kind() -> str:
    return "memory"


def _request(app: FastAPI) -> Request:
    surface: FastAPI = app.state.v1
    return Request({"type": "http", "app": surface, "headers": [], "path": "/api/v1/articles"})


async def test_a_cursor_round_trips_for_its_query_only(app: FastAPI) -> None:
    request = _request(app)
    cursor = next_cursor(request, {"id": 7}, QUERY)

    assert position_of(request, cursor, QUERY) == {"id": 7}
    with pytest.raises(BadCursor):
        position_of(request, cursor, {**QUERY, "limit": 50})
    with pytest.raises(BadCursor):
        position_of(request, cursor[:-2] + "AA", QUERY)


async def test_a_bad_cursor_is_answered_as_a_400_problem(app: FastAPI) -> None:
    surface: FastAPI = app.state.v1
    probe = FastAPI()
    probe.state.uris = surface.state.uris
    probe.state.cursors = surface.state.cursors
    install(probe)

    @probe.get("/api/v1/things")
    async def things(request: Request, cursor: str) -> dict[str, object]:
        return position_of(request, cursor, QUERY)

    transport = httpx.ASGITransport(app=probe)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get(
            "/api/v1/things", params={"cursor": "1.e30.AAAA"}, headers={"X-Request-ID": "r-1"}
        )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == "/api/v1/problems/invalid-cursor"
