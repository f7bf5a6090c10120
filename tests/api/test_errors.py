"""The surface's error format everywhere: unknown routes, wrong methods, hostile input (never a
500), and an unexpected failure (a bare 500 that gives nothing away)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from entrypoints.api.realworld.errors import validation_errors
from entrypoints.api.state import UseCases
from tests.api.conduit import Account, Conduit, errors_of
from tests.support.logs import json_lines

JSON = {"Content-Type": "application/json"}


async def test_unknown_route_is_404_in_the_error_format(conduit: Conduit) -> None:
    response = await conduit.client.get("/api/no/such/route")

    assert response.status_code == 404
    assert errors_of(response) == {"path": ["not found"]}


async def test_wrong_method_is_405_with_the_allowed_ones(conduit: Conduit) -> None:
    response = await conduit.client.patch("/api/tags")

    assert response.status_code == 405
    assert errors_of(response) == {"method": ["is not allowed here"]}
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"


async def test_an_unexpected_failure_is_a_bare_500_and_is_logged(
    app: FastAPI, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = "SELECT password_hash FROM user_account -- postgresql://quill:hunter2@db"

    async def broken() -> list[str]:
        raise RuntimeError(secret)

    use_cases: UseCases = app.state.use_cases
    monkeypatch.setattr(use_cases.articles, "tags", broken)
    transport = httpx.ASGITransport(app=app)  # the middleware answers it: nothing is re-raised

    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/api/tags")

    assert response.status_code == 500
    assert response.json() == {"errors": {"server": ["internal error"]}}
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    [logged] = [line for line in json_lines(capsys.readouterr().out) if line["level"] == "error"]
    assert (logged["event"], logged["method"], logged["route"]) == (
        "unhandled error",
        "GET",
        "/api/tags",
    )
    assert logged["exception"] == "RuntimeError"
    assert "Traceback" in logged["traceback"]
    assert "hunter2" not in str(logged)  # the URL's password is masked even there


def hostile_requests(account: Account, slug: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, httpx keyword arguments) that try to break the surface."""
    token = account.headers
    nested = b"[" * 100_000 + b"]" * 100_000
    return [
        (
            "POST",
            "/api/users",
            {"content": b'{"user": {"username": "a\\u0000b"}}', "headers": JSON},
        ),
        (
            "POST",
            "/api/users",
            {
                "content": b'{"user":{"username":"abc","email":"\\ud800@x.io",'
                b'"password":"pw12345678"}}',
                "headers": JSON,
            },
        ),
        (
            "POST",
            "/api/users/login",
            {"json": {"user": {"email": "a\x00@example.com", "password": "whatever1"}}},
        ),
        (
            "POST",
            "/api/users/login",
            {"content": b'{"user":{"email":"\\udfff","password":"x"}}', "headers": JSON},
        ),
        ("POST", "/api/users", {"content": b"\xff\xfe\x00{", "headers": JSON}),
        ("POST", "/api/users", {"content": nested, "headers": JSON}),
        ("POST", "/api/users", {"content": b"[]", "headers": JSON}),
        ("POST", "/api/users", {"content": b"null", "headers": JSON}),
        ("POST", "/api/users", {"content": b'"user"', "headers": JSON}),
        ("POST", "/api/users", {"content": b"1e999999", "headers": JSON}),
        ("POST", "/api/users", {"content": b"", "headers": JSON}),
        (
            "POST",
            "/api/users",
            {"content": b'{"user": {}}', "headers": {"Content-Type": "text/plain"}},
        ),
        ("POST", "/api/users", {"json": {"user": [1, 2]}}),
        (
            "POST",
            "/api/articles",
            {
                "content": b'{"article":{"title":"\\ud83d","description":"d","body":"b"}}',
                "headers": {**JSON, **token},
            },
        ),
        (
            "POST",
            "/api/articles",
            {
                "json": {
                    "article": {"title": "t", "description": "d", "body": "b", "tagList": [1]}
                },
                "headers": token,
            },
        ),
        (
            "POST",
            "/api/articles",
            {
                "content": b'{"article":{"title":"t","description":"d","body":"b",'
                b'"tagList":[1e400]}}',
                "headers": {**JSON, **token},
            },
        ),
        (
            "POST",
            "/api/articles",
            {
                "json": {
                    "article": {
                        "title": "t",
                        "description": "d",
                        "body": "b",
                        "tagList": ["x"] * 5000,
                    }
                },
                "headers": token,
            },
        ),
        ("PUT", "/api/user", {"json": {"user": {"email": "x\x00@example.com"}}, "headers": token}),
        ("PUT", "/api/user", {"json": {"user": {"username": "é" * 40}}, "headers": token}),
        ("PUT", f"/api/articles/{slug}", {"json": {"article": None}, "headers": token}),
        (
            "POST",
            f"/api/articles/{slug}/comments",
            {"json": {"comment": {"body": {"a": 1}}}, "headers": token},
        ),
        ("GET", "/api/articles?tag=%00", {}),
        ("GET", "/api/articles?author=a%00b&favorited=%00", {}),
        ("GET", "/api/articles?tag=" + "x" * 20_000, {}),
        ("GET", "/api/articles/%00", {}),
        ("GET", "/api/articles/" + "s" * 10_000, {}),
        ("GET", "/api/articles/%F0%9F%90%89", {}),
        ("GET", "/api/articles/%ED%A0%80/comments", {}),
        ("GET", "/api/profiles/%00", {}),
        ("POST", "/api/profiles/%00/follow", {"headers": token}),
        ("DELETE", f"/api/articles/{slug}/comments/1e3", {"headers": token}),
        ("DELETE", f"/api/articles/{slug}/comments/99999999999", {"headers": token}),
        ("GET", "/api/user", {"headers": {"Authorization": b"Token \xff\xfe\x00"}}),
        ("GET", "/api/user", {"headers": {"Authorization": "Token " + "a" * 50_000}}),
        ("GET", "/api/user", {"headers": {"Authorization": "Token a.b"}}),
        ("GET", "/api/user", {"headers": {"Authorization": "Token eyJhbGciOiJub25lIn0.e30."}}),
        ("GET", "/api/articles", {"headers": {"Authorization": "Bearer"}}),
    ]


async def test_hostile_input_never_causes_a_server_error(conduit: Conduit) -> None:
    account = await conduit.register()
    slug = (await conduit.create_article(account))["slug"]

    for method, path, kwargs in hostile_requests(account, slug):
        response = await conduit.client.request(method, path, **kwargs)
        where = f"{method} {path[:60]} {str(kwargs)[:120]}"
        assert response.status_code < 500, (where, response.text)
        if response.status_code >= 400:
            assert errors_of(response), where
    assert (await conduit.get_json("/api/articles"))["articlesCount"] == 1


@pytest.mark.parametrize(
    "body",
    [b'{"user": {"email": ', b"\xff\xfe\x00{", b"[" * 50_000 + b"]" * 50_000],
    ids=["truncated", "not-utf8", "too-deep"],
)
async def test_a_body_that_is_not_json_is_422(conduit: Conduit, body: bytes) -> None:
    response = await conduit.client.post("/api/users/login", content=body, headers=JSON)

    assert response.status_code == 422
    assert errors_of(response) == {"request": ["is not valid JSON"]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"", ["must have a JSON body"]),
        (b"[]", ["must be a JSON object"]),
        (b'"article"', ["must be a JSON object"]),
        (b"null", ["must be a JSON object"]),
    ],
    ids=["empty", "list", "string", "null"],
)
async def test_a_body_that_is_not_an_object_is_an_error_about_the_request(
    conduit: Conduit, body: bytes, expected: list[str]
) -> None:
    account = await conduit.register()

    response = await conduit.client.post(
        "/api/articles", content=body, headers={**JSON, **account.headers}
    )

    assert response.status_code == 422
    assert errors_of(response) == {"request": expected}


async def test_the_request_key_is_not_the_article_body_field(conduit: Conduit) -> None:
    account = await conduit.register()
    headers = {**JSON, **account.headers}

    malformed = await conduit.client.post("/api/articles", content=b'{"article":', headers=headers)
    no_body_field = await conduit.client.post(
        "/api/articles", json={"article": {"title": "t", "description": "d"}}, headers=headers
    )

    assert errors_of(malformed) == {"request": ["is not valid JSON"]}
    assert errors_of(no_body_field) == {"body": ["is missing"]}


def test_validation_errors_key_the_body_as_a_whole_request_and_its_fields_by_name() -> None:
    errors: list[dict[str, Any]] = [
        {"loc": ("body",), "type": "missing", "msg": "Field required"},
        {"loc": ("body", 12), "type": "json_invalid", "msg": "JSON decode error"},
        {"loc": ("body", "article", "body"), "type": "missing", "msg": "Field required"},
        {"loc": ("query", "limit"), "type": "int_parsing", "msg": "Input should be an int"},
    ]

    assert validation_errors(errors) == {
        "request": ["must have a JSON body", "is not valid JSON"],
        "body": ["is missing"],
        "limit": ["must be an integer"],
    }
