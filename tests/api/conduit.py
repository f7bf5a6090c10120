"""A small typed client for the RealWorld surface, so tests spell out only what they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Final

import httpx
from fastapi import FastAPI

from application.ports import Persistence
from tests.factories import a_new_article, a_registration

Json = dict[str, Any]

# UTC RFC 3339 with milliseconds and Z, as every timestamp of the surface is written.
TIMESTAMP: Final = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z")


@dataclass(frozen=True, slots=True)
class Account:
    username: str
    email: str
    password: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.token}"}


def auth(token: str, scheme: str = "Token") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


def errors_of(response: httpx.Response) -> dict[str, list[str]]:
    """The RealWorld error body, after checking it has exactly that shape."""
    body = response.json()
    assert set(body) == {"errors"}, body
    errors: dict[str, list[str]] = body["errors"]
    assert all(isinstance(v, list) and v for v in errors.values()), body
    return errors


async def persistence_of(app: FastAPI) -> Persistence:
    """The app's opened persistence adapter."""
    database: Persistence = app.state.container.persistence()
    return database


class Conduit:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def register(self, **overrides: str) -> Account:
        command = a_registration(**overrides)
        user = {"username": command.username, "email": command.email, "password": command.password}
        response = await self.client.post("/api/users", json={"user": user})
        assert response.status_code == 201, response.text
        body = response.json()["user"]
        return Account(command.username, command.email, command.password, body["token"])

    async def create_article(self, author: Account, **overrides: Any) -> Json:
        command = a_new_article(**overrides)
        article = {
            "title": command.title,
            "description": command.description,
            "body": command.body,
            "tagList": list(command.tags),
        }
        response = await self.client.post(
            "/api/articles", json={"article": article}, headers=author.headers
        )
        assert response.status_code == 201, response.text
        created: Json = response.json()["article"]
        return created

    async def comment(self, author: Account, slug: str, body: str = "Nice read.") -> Json:
        response = await self.client.post(
            f"/api/articles/{slug}/comments",
            json={"comment": {"body": body}},
            headers=author.headers,
        )
        assert response.status_code == 200, response.text
        created: Json = response.json()["comment"]
        return created

    async def follow(self, follower: Account, username: str) -> None:
        response = await self.client.post(
            f"/api/profiles/{username}/follow", headers=follower.headers
        )
        assert response.status_code == 200, response.text

    async def favorite(self, user: Account, slug: str) -> None:
        response = await self.client.post(f"/api/articles/{slug}/favorite", headers=user.headers)
        assert response.status_code == 200, response.text

    async def get_json(self, path: str, account: Account | None = None, **params: Any) -> Json:
        headers = account.headers if account else None
        response = await self.client.get(path, params=params or None, headers=headers)
        assert response.status_code == 200, response.text
        body: Json = response.json()
        return body
