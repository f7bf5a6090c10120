"""CORS, security headers and the request body cap (the surface's own database does not matter
here, so these run on the memory adapter only)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from starlette.types import Message

from entrypoints.settings import Settings
from tests.api.conduit import Conduit, errors_of
from tests.api.conftest import ORIGIN, api_settings
from tests.factories import a_registration

MAX_BODY = 2048
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


@pytest.fixture
def db_kind() -> str:
    return "memory"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return api_settings(tmp_path, "memory://", max_body_bytes=MAX_BODY)


def assert_security_headers(headers: object, csp: str = API_CSP) -> None:
    assert hasattr(headers, "get")
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("X-Frame-Options") == "DENY"
    assert headers.get("Referrer-Policy") == "no-referrer"
    assert headers.get("Content-Security-Policy") == csp


def registration_body(padding: int = 0) -> bytes:
    command = a_registration()
    user = {"username": command.username, "email": command.email, "password": command.password}
    return json.dumps({"user": user, "padding": "x" * padding}).encode()


# --- CORS ---------------------------------------------------------------------------------------
async def test_preflight_from_an_allowed_origin_is_answered(conduit: Conduit) -> None:
    response = await conduit.client.options(
        "/api/articles",
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    allowed_headers = response.headers["Access-Control-Allow-Headers"].lower()
    assert {"authorization", "content-type"} <= set(allowed_headers.replace(" ", "").split(","))
    methods = set(response.headers["Access-Control-Allow-Methods"].replace(" ", "").split(","))
    assert methods == {"GET", "POST", "PUT", "DELETE", "OPTIONS"}
    assert_security_headers(response.headers)


async def test_preflight_from_another_origin_is_not_allowed(conduit: Conduit) -> None:
    response = await conduit.client.options(
        "/api/articles",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )

    assert response.status_code == 400
    assert "Access-Control-Allow-Origin" not in response.headers


async def test_simple_requests_carry_the_allow_origin_only_for_allowed_origins(
    conduit: Conduit,
) -> None:
    allowed = await conduit.client.get("/api/tags", headers={"Origin": ORIGIN})
    other = await conduit.client.get("/api/tags", headers={"Origin": "https://evil.example"})

    assert allowed.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert other.status_code == 200
    assert "Access-Control-Allow-Origin" not in other.headers


# --- security headers ---------------------------------------------------------------------------
async def test_every_kind_of_answer_carries_the_security_headers(conduit: Conduit) -> None:
    ok = await conduit.client.get("/api/tags")
    unauthorized = await conduit.client.get("/api/user")
    not_found = await conduit.client.get("/api/nowhere")
    too_large = await conduit.client.post("/api/users", content=b"x" * (MAX_BODY + 1))

    assert [r.status_code for r in (ok, unauthorized, not_found, too_large)] == [200, 401, 404, 413]
    for response in (ok, unauthorized, not_found, too_large):
        assert_security_headers(response.headers)


async def test_only_the_docs_pages_get_a_looser_content_security_policy(
    conduit: Conduit,
) -> None:
    docs = await conduit.client.get("/docs")
    schema = await conduit.client.get("/openapi.json")

    assert docs.status_code == schema.status_code == 200
    docs_csp = docs.headers["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net" in docs_csp
    assert "frame-ancestors 'none'" in docs_csp
    assert_security_headers(schema.headers)


# --- body cap -----------------------------------------------------------------------------------
async def test_a_declared_body_over_the_cap_is_413_and_nothing_is_written(
    conduit: Conduit,
) -> None:
    body = registration_body(padding=MAX_BODY)
    username = json.loads(body)["user"]["username"]

    response = await conduit.client.post(
        "/api/users", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert errors_of(response) == {"request": [f"is too large (maximum is {MAX_BODY} bytes)"]}
    assert (await conduit.client.get(f"/api/profiles/{username}")).status_code == 404


async def test_a_streamed_body_over_the_cap_is_413_and_nothing_is_written(
    conduit: Conduit,
) -> None:
    body = registration_body(padding=MAX_BODY)
    username = json.loads(body)["user"]["username"]

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(body), 512):
            yield body[start : start + 512]

    response = await conduit.client.post(
        "/api/users", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert "Content-Length" not in response.request.headers
    assert response.status_code == 413
    assert errors_of(response) == {"request": [f"is too large (maximum is {MAX_BODY} bytes)"]}
    assert (await conduit.client.get(f"/api/profiles/{username}")).status_code == 404


@pytest.mark.parametrize("streamed", [False, True])
async def test_a_body_within_the_cap_goes_through(conduit: Conduit, streamed: bool) -> None:
    body = registration_body()
    body += b" " * (MAX_BODY - len(body))  # exactly at the cap
    assert len(body) == MAX_BODY

    async def chunks() -> AsyncIterator[bytes]:
        yield body[:1000]
        yield body[1000:]

    response = await conduit.client.post(
        "/api/users",
        content=chunks() if streamed else body,
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 201, response.text


async def test_a_malformed_content_length_is_400(app: FastAPI) -> None:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/users",
        "raw_path": b"/api/users",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"12abc")],
        "client": ("127.0.0.1", 1234),
        "server": ("test", 80),
    }
    await app(scope, receive, send)

    assert sent[0]["status"] == 400
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    assert json.loads(body) == {"errors": {"request": ["has an invalid Content-Length"]}}
