"""``X-Request-ID``: repeated when the client's is safe, made up otherwise, on every response, bound
to every log line of the request and handed to the use cases with the ``traceparent``."""

from __future__ import annotations

import logging
import re
from collections.abc import MutableMapping
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from application.context import Correlation, current_correlation
from entrypoints.api.state import UseCases
from tests.api.conduit import Conduit
from tests.support.logs import events, json_lines

GENERATED = re.compile(r"[0-9a-f]{32}")
SAFE = "Az09._:-" + "x" * 120  # 128 characters, every allowed kind
JSON = {"Content-Type": "application/json"}
TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


@pytest.fixture
def db_kind() -> str:
    return "memory"  # nothing here depends on the database


@pytest.mark.parametrize("request_id", ["abc", "req-1.2:3_4", SAFE])
async def test_a_safe_request_id_is_returned_as_sent(conduit: Conduit, request_id: str) -> None:
    response = await conduit.client.get("/api/tags", headers={"X-Request-ID": request_id})

    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == request_id


UNSAFE = [(SAFE + "y").encode(), b"has space", b"semi;colon", b"slash/ed", b'quote"d', b""]


@pytest.mark.parametrize("request_id", [*UNSAFE, "naïve".encode()])
async def test_an_unsafe_request_id_is_replaced_by_a_new_one(
    conduit: Conduit, request_id: bytes
) -> None:
    response = await conduit.client.get("/api/tags", headers=[(b"X-Request-ID", request_id)])

    assert response.headers["X-Request-ID"].encode() != request_id
    assert GENERATED.fullmatch(response.headers["X-Request-ID"])


async def test_without_a_request_id_each_request_gets_its_own(conduit: Conduit) -> None:
    first = await conduit.client.get("/api/tags")
    second = await conduit.client.get("/api/tags")

    assert GENERATED.fullmatch(first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


async def asgi_response_headers(app: FastAPI, headers: list[tuple[bytes, bytes]]) -> list[Any]:
    """The response headers of a raw ASGI request with exactly ``headers`` (no client library
    would send a CR or LF inside a value)."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": "/api/tags", "raw_path": b"/api/tags", "query_string": b"",
        "root_path": "", "headers": [(b"host", b"test"), *headers], "client": ("127.0.0.1", 5000),
        "server": ("test", 80),
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await app(scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    return list(start["headers"])


async def test_a_header_injection_attempt_is_not_repeated(app: FastAPI) -> None:
    attack = b"abc\r\nSet-Cookie: session=stolen"

    headers = await asgi_response_headers(app, [(b"x-request-id", attack)])

    ids = [value for name, value in headers if name.lower() == b"x-request-id"]
    assert len(ids) == 1
    assert GENERATED.fullmatch(ids[0].decode())
    assert all(b"stolen" not in value for _, value in headers)
    assert all(name.lower() != b"set-cookie" for name, _ in headers)


@pytest.mark.parametrize(
    ("method", "path", "options", "status"),
    [
        ("GET", "/api/no/such/route", {}, 404),
        ("PATCH", "/api/tags", {}, 405),
        ("GET", "/api/user", {}, 401),
        ("POST", "/api/users", {"json": {"user": {}}}, 422),
        ("POST", "/api/users", {"content": b"x" * 2_000_000, "headers": JSON}, 413),
        ("OPTIONS", "/api/tags", {}, 204),
        ("HEAD", "/api/tags", {}, 200),
    ],
)  # fmt: skip
async def test_error_and_other_answers_carry_the_request_id_too(
    conduit: Conduit, method: str, path: str, options: dict[str, Any], status: int
) -> None:
    headers = {**options.pop("headers", {}), "X-Request-ID": "client-id-7"}

    response = await conduit.client.request(method, path, headers=headers, **options)

    assert response.status_code == status
    assert response.headers["X-Request-ID"] == "client-id-7"


async def test_a_500_carries_the_request_id(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken() -> list[str]:
        raise RuntimeError("boom")

    use_cases: UseCases = app.state.use_cases
    monkeypatch.setattr(use_cases.articles, "tags", broken)

    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        response = await client.get("/api/tags", headers={"X-Request-ID": "failing-1"})

    assert response.status_code == 500
    assert response.headers["X-Request-ID"] == "failing-1"


async def test_the_use_case_sees_the_request_id_and_a_valid_traceparent(
    app: FastAPI, conduit: Conduit, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Correlation] = []
    use_cases: UseCases = app.state.use_cases
    tags = use_cases.articles.tags

    async def watched() -> list[str]:
        seen.append(current_correlation())
        return await tags()

    monkeypatch.setattr(use_cases.articles, "tags", watched)

    await conduit.client.get(
        "/api/tags", headers={"X-Request-ID": "r-1", "traceparent": TRACEPARENT}
    )
    second = await conduit.client.get("/api/tags")

    assert seen == [
        Correlation(request_id="r-1", traceparent=TRACEPARENT),
        Correlation(request_id=second.headers["X-Request-ID"], traceparent=None),
    ]
    assert current_correlation() == Correlation()  # nothing is left bound after the request


@pytest.mark.parametrize(
    "traceparent",
    [
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",  # the forbidden version
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  # an all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  # an all-zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01",  # uppercase
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  # extra on version 00
        "garbage",
    ],
)
async def test_an_invalid_traceparent_is_not_handed_on(
    app: FastAPI, conduit: Conduit, monkeypatch: pytest.MonkeyPatch, traceparent: str
) -> None:
    seen: list[Correlation] = []
    use_cases: UseCases = app.state.use_cases

    async def watched() -> list[str]:
        seen.append(current_correlation())
        return []

    monkeypatch.setattr(use_cases.articles, "tags", watched)

    await conduit.client.get(
        "/api/tags", headers={"X-Request-ID": "r-2", "traceparent": traceparent}
    )

    assert seen == [Correlation(request_id="r-2", traceparent=None)]


async def test_every_log_line_of_a_request_carries_its_id(
    app: FastAPI,
    conduit: Conduit,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_cases: UseCases = app.state.use_cases

    async def chatty() -> list[str]:
        logging.getLogger("some.library").warning("a library speaks")
        return []

    monkeypatch.setattr(use_cases.articles, "tags", chatty)
    capsys.readouterr()

    await conduit.client.get("/api/tags", headers={"X-Request-ID": "traced-9"})

    out = capsys.readouterr().out
    [library] = events(out, "a library speaks", logger="some.library")
    [access] = events(out, "request", logger="quill.access")
    assert library["request_id"] == access["request_id"] == "traced-9"
    outside = [line for line in json_lines(out) if line["logger"] == "httpx"]
    assert outside  # the test client's own line, written after the response: no request id
    assert all("request_id" not in line for line in outside)
