"""Every failure under ``/api/v1`` is an RFC 9457 problem whose ``type`` resolves; URIs never come
from the request's ``Host``. Routing-level behaviour, so over memory only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from html import escape
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from application.profiles import Profiles
from domain.errors import Unavailable
from entrypoints.api import create_app
from entrypoints.api.v1.problems import KINDS
from entrypoints.observability.http_metrics import REQUESTS
from tests.api.conftest import api_settings
from tests.api.v1.conftest import V1, problem_of


@pytest.fixture
def db_kind() -> str:
    return "memory"


async def test_an_unknown_path_under_the_prefix_is_a_404_problem(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/nothing/here", "/api/v1"):
        problem_of(await client.get(path), 404, "not-found")


async def test_an_unsupported_method_is_a_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.delete("/api/v1/me")

    problem_of(response, 405, "method-not-allowed")
    assert response.headers["allow"] == "GET, HEAD, PATCH, OPTIONS"


async def test_malformed_json_is_a_400_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users", content=b'{"username": ', headers={"Content-Type": "application/json"}
    )

    problem_of(response, 400, "malformed-request")


async def test_a_body_over_the_cap_is_a_413_problem_declared_or_streamed(
    client: httpx.AsyncClient,
) -> None:
    big = b'{"bio": "' + b"x" * 1_100_000 + b'"}'

    declared = await client.post(
        "/api/v1/users", content=big, headers={"Content-Type": "application/json"}
    )

    async def chunks() -> AsyncIterator[bytes]:
        for start in range(0, len(big), 65536):
            yield big[start : start + 65536]

    streamed = await client.post(
        "/api/v1/users", content=chunks(), headers={"Content-Type": "application/json"}
    )

    for response in (declared, streamed):
        problem = problem_of(response, 413, "payload-too-large")
        assert "1048576 bytes" in problem["detail"]


async def test_the_body_cap_on_api_still_answers_in_realworld_format(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/users", content=b"x" * 1_100_000, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert set(response.json()) == {"errors"}


async def test_fields_over_their_caps_are_refused_at_once(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users",
        json={"username": "u" * 33, "email": "a@b.io", "password": "p" * 129, "bio": "b" * 1001},
    )

    problem = problem_of(response, 422, "validation-failed")
    assert {e["pointer"] for e in problem["errors"]} == {"/username", "/password", "/bio"}


async def test_an_unexpected_error_is_a_500_that_tells_nothing(
    v1: V1, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_: object) -> None:
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(Profiles, "get", broken)

    response = await v1.client.get("/api/v1/profiles/anyone")

    problem = problem_of(response, 500, "internal-error")
    assert "SELECT" not in response.text
    assert "RuntimeError" not in response.text
    assert problem["detail"] == "the server could not answer this request"


async def test_an_outage_is_a_503_with_retry_after(v1: V1, monkeypatch: pytest.MonkeyPatch) -> None:
    async def saturated(*_: object) -> None:
        raise Unavailable("every connection stayed busy")

    monkeypatch.setattr(Profiles, "get", saturated)

    response = await v1.client.get("/api/v1/profiles/anyone")

    problem_of(response, 503, "service-unavailable")
    assert response.headers["retry-after"] == "1"


async def test_every_problem_type_resolves_to_a_page_saying_what_to_do(
    client: httpx.AsyncClient,
) -> None:
    for name, kind in KINDS.items():
        response = await client.get(f"/api/v1/problems/{name}")
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("text/html")
        assert escape(kind.title) in response.text
        assert escape(kind.remedy) in response.text
    problem_of(await client.get("/api/v1/problems/no-such-problem"), 404, "not-found")


async def test_uris_use_the_public_url_never_the_host_header(tmp_path: Path) -> None:
    app: FastAPI = create_app(
        api_settings(tmp_path, "memory://", public_url="https://quill.example")
    )
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://evil.test") as client:
            body = {"username": "jake", "email": "jake@example.com", "password": "correct horse"}
            created = await client.post("/api/v1/users", json=body)
            missing = await client.get("/api/v1/nowhere", headers={"Host": "evil.test"})

    assert created.headers["location"] == "https://quill.example/api/v1/profiles/jake"
    assert missing.json()["type"] == "https://quill.example/api/v1/problems/not-found"
    assert "evil" not in created.text + missing.text


async def test_metrics_name_v1_routes_by_their_full_template(v1: V1) -> None:
    labels = ("GET", "/api/v1/profiles/{username}", "404")
    before = REQUESTS.labels(*labels)._value.get()

    await v1.client.get("/api/v1/profiles/somebody")

    assert REQUESTS.labels(*labels)._value.get() == before + 1
