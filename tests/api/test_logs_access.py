"""The access line (one per request, with the route template, never the raw path or headers) and
the one event of an unhandled error, as the app writes them through the real pipeline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from entrypoints.api import create_app
from entrypoints.api.state import UseCases
from entrypoints.settings import Settings
from tests.api.conduit import Conduit
from tests.api.conftest import api_settings
from tests.support.logs import events, json_lines

ACCESS_FIELDS = {"timestamp", "level", "logger", "event", "request_id", "method", "route"} | {
    "status",
    "duration_ms",
    "client",
}


@pytest.fixture
def db_kind() -> str:
    return "memory"  # the lines do not depend on the database


def access_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return events(capsys.readouterr().out, "request", logger="quill.access")


async def test_one_access_line_names_the_route_template_not_the_path(
    conduit: Conduit, capsys: pytest.CaptureFixture[str]
) -> None:
    author = await conduit.register()
    article = await conduit.create_article(author)
    capsys.readouterr()

    response = await conduit.client.get(
        f"/api/articles/{article['slug']}?secret-query=1", headers={"X-Request-ID": "look-1"}
    )

    [line] = access_lines(capsys)
    assert set(line) == ACCESS_FIELDS  # anonymous: no user_id
    assert line["level"] == "info"
    assert line["request_id"] == response.headers["X-Request-ID"] == "look-1"
    assert (line["method"], line["route"], line["status"]) == ("GET", "/api/articles/{slug}", 200)
    assert line["client"] == "127.0.0.1"
    assert isinstance(line["duration_ms"], float)
    assert line["duration_ms"] >= 0
    assert article["slug"] not in str(line)
    assert "secret-query" not in str(line)


async def test_the_access_line_names_the_authenticated_caller_by_id(
    app: FastAPI, conduit: Conduit, capsys: pytest.CaptureFixture[str]
) -> None:
    account = await conduit.register()
    me = await conduit.client.get("/api/user", headers=account.headers)
    user_id = str(app.state.use_cases.users.authenticate(account.token))
    article = await conduit.create_article(account)
    capsys.readouterr()

    await conduit.client.get(f"/api/articles/{article['slug']}", headers=account.headers)
    await conduit.client.get("/api/user", headers=account.headers)

    optional, required = access_lines(capsys)
    assert optional["user_id"] == required["user_id"] == user_id
    assert me.status_code == 200
    assert account.username not in str(optional) + str(required)


async def test_a_refused_token_leaves_the_caller_unknown(
    conduit: Conduit, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    await conduit.client.get("/api/user", headers={"Authorization": "Token not.a.jwt"})

    [line] = access_lines(capsys)
    assert line["status"] == 401
    assert "user_id" not in line


@pytest.mark.parametrize(
    ("method", "path", "route", "status"),
    [
        ("GET", "/api/nowhere/at/all", "unmatched", 404),
        ("PATCH", "/api/articles/some-slug", "/api/articles/{slug}", 405),
        ("OPTIONS", "/api/profiles/someone", "/api/profiles/{username}", 204),
    ],
)
async def test_unrouted_and_fallback_answers_have_a_bounded_route(
    conduit: Conduit, capsys: pytest.CaptureFixture[str], method: str, path: str, route: str,
    status: int,
) -> None:  # fmt: skip
    capsys.readouterr()
    await conduit.client.request(method, path)

    [line] = access_lines(capsys)
    assert (line["method"], line["route"], line["status"]) == (method, route, status)


async def test_no_header_reaches_the_access_line(
    conduit: Conduit, capsys: pytest.CaptureFixture[str]
) -> None:
    account = await conduit.register()
    capsys.readouterr()
    headers = {**account.headers, "Cookie": "session=cookie-value-77", "User-Agent": "agent-x"}

    await conduit.client.get("/api/user", headers=headers)

    out = capsys.readouterr().out
    for value in (account.token, "cookie-value-77", "agent-x"):
        assert value not in out


async def test_an_unhandled_error_is_one_error_event_then_the_500(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    async def broken() -> list[str]:
        raise LookupError("the tag index vanished")

    use_cases: UseCases = app.state.use_cases
    monkeypatch.setattr(use_cases.articles, "tags", broken)
    capsys.readouterr()

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        response = await client.get("/api/tags")

    lines = json_lines(capsys.readouterr().out)
    [error] = [line for line in lines if line["level"] == "error"]
    assert error["event"] == "unhandled error"
    assert error["logger"] == "quill.api"
    assert error["request_id"] == response.headers["X-Request-ID"]
    assert (error["method"], error["route"]) == ("GET", "/api/tags")
    assert error["exception"] == "LookupError"
    assert error["exception_message"] == "the tag index vanished"
    assert "Traceback (most recent call last)" in error["traceback"]
    assert "in broken" in error["traceback"]
    [access] = [line for line in lines if line["event"] == "request"]
    assert (access["status"], access["request_id"]) == (500, error["request_id"])
    assert response.status_code == 500


async def test_access_lines_can_be_switched_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(api_settings(tmp_path, "memory://", access_log=False))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        capsys.readouterr()
        response = await client.get("/api/tags")

    assert response.headers["X-Request-ID"]  # the id stays; only the line goes
    assert access_lines(capsys) == []


async def served(settings: Settings, *paths: str) -> None:
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        for path in paths:
            await client.get(path)


@pytest.mark.parametrize(
    ("level", "routes"),
    [
        ("INFO", ["/api/tags"]),
        ("DEBUG", ["/healthz", "/metrics", "/api/tags"]),
        ("WARNING", []),
    ],
)
async def test_the_log_level_decides_which_access_lines_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], level: str, routes: list[str]
) -> None:
    settings = api_settings(tmp_path, "memory://", log_level=level)
    await served(settings, "/healthz", "/metrics", "/api/tags")

    lines = access_lines(capsys)
    assert [line["route"] for line in lines] == routes
    polled = {"/healthz": "debug", "/metrics": "debug", "/api/tags": "info"}
    assert [line["level"] for line in lines] == [polled[route] for route in routes]


async def test_the_console_access_line_is_for_people_and_names_the_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    app = create_app(api_settings(tmp_path, "memory://", log_format="console"))
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        capsys.readouterr()
        response = await client.get("/api/tags", headers={"X-Request-ID": "console-7"})

    out = re.sub(r"\x1b\[[0-9;]*m", "", capsys.readouterr().out)  # the renderer's colours
    [line] = [text for text in out.splitlines() if "quill.access" in text]
    assert not line.startswith("{")
    for part in ("request", "route=/api/tags", "status=200", "request_id=console-7"):
        assert part in line
    assert response.headers["X-Request-ID"] == "console-7"
