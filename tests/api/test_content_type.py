"""Request bodies are JSON: another ``Content-Type`` is ``415`` on every route that takes a body, a
body without one is read as JSON. The media type does not depend on the database, so these run on
the memory adapter only."""

from __future__ import annotations

import json

import pytest

from tests.api.conduit import Account, Conduit, errors_of
from tests.factories import a_registration

NOT_JSON = {"request": ["must be sent as application/json"]}


@pytest.fixture
def db_kind() -> str:
    return "memory"


def registration() -> tuple[str, bytes]:
    command = a_registration()
    user = {"username": command.username, "email": command.email, "password": command.password}
    return command.username, json.dumps({"user": user}).encode()


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=xyz",
        "application/xml",
        "text/json",
        "application/jsonx",
        "application/json-patch",
    ],
)
async def test_a_body_of_another_type_is_415_and_nothing_is_written(
    conduit: Conduit, content_type: str
) -> None:
    username, body = registration()

    response = await conduit.client.post(
        "/api/users", content=body, headers={"Content-Type": content_type}
    )

    assert response.status_code == 415
    assert errors_of(response) == NOT_JSON
    assert response.headers["Accept-Post"] == "application/json"
    assert (await conduit.client.get(f"/api/profiles/{username}")).status_code == 404


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "Application/Json ; Charset=UTF-8",
        "application/vnd.api+json",
        "application/merge-patch+JSON",
    ],
)
async def test_json_and_every_json_suffix_type_are_read(
    conduit: Conduit, content_type: str
) -> None:
    _, body = registration()

    response = await conduit.client.post(
        "/api/users", content=body, headers={"Content-Type": content_type}
    )

    assert response.status_code == 201, response.text


async def test_a_body_without_content_type_is_read_as_json(conduit: Conduit) -> None:
    username, body = registration()

    response = await conduit.client.post("/api/users", content=body)

    assert "content-type" not in response.request.headers
    assert response.status_code == 201, response.text
    assert response.json()["user"]["username"] == username


async def body_routes(conduit: Conduit) -> tuple[Account, list[tuple[str, str, bytes]]]:
    account = await conduit.register()
    slug = (await conduit.create_article(account))["slug"]
    article = {"title": "t", "description": "d", "body": "b"}
    login = {"email": account.email, "password": account.password}
    routes = [
        ("POST", "/api/users", registration()[1]),
        ("POST", "/api/users/login", json.dumps({"user": login}).encode()),
        ("PUT", "/api/user", json.dumps({"user": {"bio": "x"}}).encode()),
        ("POST", "/api/articles", json.dumps({"article": article}).encode()),
        ("PUT", f"/api/articles/{slug}", json.dumps({"article": {"body": "c"}}).encode()),
        ("POST", f"/api/articles/{slug}/comments", json.dumps({"comment": {"body": "c"}}).encode()),
    ]
    return account, routes


async def test_every_route_that_takes_a_body_answers_415_for_another_type(
    conduit: Conduit,
) -> None:
    account, routes = await body_routes(conduit)

    for method, path, body in routes:
        headers = {**account.headers, "Content-Type": "text/plain"}
        response = await conduit.client.request(method, path, content=body, headers=headers)

        assert response.status_code == 415, (method, path)
        assert errors_of(response) == NOT_JSON
        # Accept-Post names what POST takes; PUT has no such field.
        assert response.headers.get("Accept-Post") == (
            "application/json" if method == "POST" else None
        )


async def test_every_route_that_takes_a_body_reads_one_without_content_type(
    conduit: Conduit,
) -> None:
    account, routes = await body_routes(conduit)

    for method, path, body in routes:
        response = await conduit.client.request(method, path, content=body, headers=account.headers)

        assert response.status_code in {200, 201}, (method, path, response.text)


async def test_a_route_without_a_body_ignores_the_type_of_one_sent(conduit: Conduit) -> None:
    account = await conduit.register()
    slug = (await conduit.create_article(account))["slug"]

    response = await conduit.client.post(
        f"/api/articles/{slug}/favorite",
        content=b"<favorite/>",
        headers={**account.headers, "Content-Type": "application/xml"},
    )

    assert response.status_code == 200
