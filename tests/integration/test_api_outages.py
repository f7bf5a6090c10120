"""The app in process when PostgreSQL goes away: a request whose database connection is lost, or
that cannot get one, is a 503 with ``Retry-After`` in the RealWorld error shape, never a 500,
and nothing is half-written; a plain read whose connection died is answered from a fresh one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from entrypoints.api import create_app
from tests.api.conduit import Conduit, errors_of
from tests.api.conftest import api_settings
from tests.factories import unique_title
from tests.support.faults import Backends, closed_port

BUSY = {"server": ["is busy, try again shortly"]}


@asynccontextmanager
async def serving(tmp_path: Path, database_url: str) -> AsyncIterator[Conduit]:
    app = create_app(api_settings(tmp_path, database_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield Conduit(client)


def _article(title: str) -> dict[str, object]:
    body = {"title": title, "description": "d", "body": "b", "tagList": ["outage"]}
    return {"article": body}


def _assert_busy(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
    assert errors_of(response) == BUSY


async def test_a_lost_database_connection_is_a_503_and_the_next_request_works(
    postgres_url: str, tmp_path: Path
) -> None:
    async with Backends.watching(postgres_url) as backends, serving(tmp_path, postgres_url) as api:
        ann = await api.register()
        await api.get_json("/api/articles")  # the app now holds a read and a write connection
        ended = await backends.end_all()

        title = unique_title()
        lost = await api.client.post("/api/articles", json=_article(title), headers=ann.headers)
        listed = await api.get_json("/api/articles", author=ann.username)
        again = await api.client.post("/api/articles", json=_article(title), headers=ann.headers)

    assert len(ended) == 2
    _assert_busy(lost)
    assert listed["articlesCount"] == 0  # the read was answered, and nothing was half-written
    assert again.status_code == 201, again.text


async def test_a_database_that_refuses_connections_is_a_503(tmp_path: Path) -> None:
    refusing = f"postgresql+asyncpg://quill@127.0.0.1:{closed_port()}/quill"
    async with serving(tmp_path, refusing) as api:
        read = await api.client.get("/api/tags")
        registration = {"username": "ann", "email": "ann@example.com", "password": "pa55word!"}
        write = await api.client.post("/api/users", json={"user": registration})

    _assert_busy(read)
    _assert_busy(write)
