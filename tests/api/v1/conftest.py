"""A small client for ``/api/v1`` over the app fixtures of ``tests/api`` (memory, SQLite,
PostgreSQL), so tests spell out only what they are about."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.factories import a_registration

Json = dict[str, Any]
PROBLEM_FIELDS = {"type", "title", "status", "detail", "instance", "request_id"}


@dataclass(frozen=True, slots=True)
class Member:
    username: str
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def problem_of(response: httpx.Response, status: int, name: str) -> Json:
    """The RFC 9457 body of ``response``, after checking its status, media type and members."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json", response.headers
    body: Json = response.json()
    assert PROBLEM_FIELDS <= set(body) <= PROBLEM_FIELDS | {"errors"}, body
    assert body["type"] == f"/api/v1/problems/{name}", body
    assert body["status"] == status
    assert body["instance"] == response.request.url.path
    assert body["request_id"] == response.headers["x-request-id"]
    return body


class V1:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def register(self, **overrides: str) -> Member:
        command = a_registration(**overrides)
        body = {"username": command.username, "email": command.email, "password": command.password}
        response = await self.client.post("/api/v1/users", json=body)
        assert response.status_code == 201, response.text
        token = await self.login(command.username, command.password)
        return Member(command.username, command.email, command.password, token)

    async def login(self, login: str, password: str) -> str:
        response = await self.client.post(
            "/api/v1/auth/login", json={"login": login, "password": password}
        )
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token


@pytest.fixture
def v1(client: httpx.AsyncClient) -> V1:
    return V1(client)
