"""What answers say in their headers: a ``201`` names what it created in ``Location``, and every
answer that carries a token forbids caches to keep it."""

from __future__ import annotations

from urllib.parse import quote

from tests.api.conduit import Conduit
from tests.factories import a_registration


async def test_registering_answers_the_new_profile_in_location(conduit: Conduit) -> None:
    command = a_registration()
    user = {"username": command.username, "email": command.email, "password": command.password}

    response = await conduit.client.post("/api/users", json={"user": user})

    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/profiles/{command.username}"
    profile = await conduit.get_json(response.headers["Location"])
    assert profile["profile"]["username"] == command.username


async def test_creating_an_article_answers_its_percent_encoded_path_in_location(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    article = {"title": "Drachen zähmen für Anfänger", "description": "d", "body": "b"}

    response = await conduit.client.post(
        "/api/articles", json={"article": article}, headers=author.headers
    )

    assert response.status_code == 201, response.text
    slug = response.json()["article"]["slug"]
    assert not slug.isascii()
    location = response.headers["Location"]
    assert location == "/api/articles/" + quote(slug, safe="")
    assert location.isascii()
    found = await conduit.get_json(location)
    assert found["article"]["slug"] == slug


async def test_every_answer_with_a_token_is_not_to_be_stored(conduit: Conduit) -> None:
    command = a_registration()
    user = {"username": command.username, "email": command.email, "password": command.password}
    registered = await conduit.client.post("/api/users", json={"user": user})
    token = {"Authorization": f"Token {registered.json()['user']['token']}"}
    login = {"email": command.email, "password": command.password}

    answers = [
        registered,
        await conduit.client.post("/api/users/login", json={"user": login}),
        await conduit.client.get("/api/user", headers=token),
        await conduit.client.put("/api/user", json={"user": {"bio": "x"}}, headers=token),
    ]

    for response in answers:
        assert response.status_code in {200, 201}, response.request.url
        assert "token" in response.json()["user"]
        assert response.headers["Cache-Control"] == "no-store", response.request.url
