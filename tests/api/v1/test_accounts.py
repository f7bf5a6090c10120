"""Register, log in, read and change your account on ``/api/v1``, over every database."""

from __future__ import annotations

import httpx

from tests.api.v1.conftest import V1, problem_of

MERGE_PATCH = {"Content-Type": "application/merge-patch+json"}


async def test_registering_answers_201_with_location_and_the_account(
    client: httpx.AsyncClient,
) -> None:
    body = {"username": "jake", "email": "Jake@Example.com", "password": "correct horse"}

    response = await client.post("/api/v1/users", json=body)

    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/api/v1/profiles/jake"
    assert response.json() == {
        "username": "jake",
        "email": "Jake@Example.com",
        "bio": None,
        "image": None,
    }
    assert "password" not in response.text
    assert "argon2" not in response.text


async def test_registering_refuses_unknown_fields_naming_each(client: httpx.AsyncClient) -> None:
    body = {"username": "jake", "email": "jake@example.com", "password": "correct horse"}

    response = await client.post(
        "/api/v1/users", json={**body, "id": "x", "role": "admin", "created_at": "2020"}
    )

    problem = problem_of(response, 422, "validation-failed")
    assert {entry["pointer"] for entry in problem["errors"]} == {"/id", "/role", "/created_at"}
    assert (
        await client.post("/api/v1/auth/login", json={"login": "jake", "password": "correct horse"})
    ).status_code == 401


async def test_registering_reports_every_broken_rule_at_once(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users", json={"username": "x", "email": "nope", "password": "short"}
    )

    problem = problem_of(response, 422, "validation-failed")
    assert {entry["pointer"] for entry in problem["errors"]} == {"/username", "/email", "/password"}


async def test_registering_a_taken_username_and_email_is_a_409_naming_both(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.post(
        "/api/v1/users",
        json={"username": member.username.upper(), "email": member.email, "password": "whatever1"},
    )

    problem = problem_of(response, 409, "already-exists")
    assert [entry["pointer"] for entry in problem["errors"]] == ["/email", "/username"]


async def test_login_by_email_or_username_gives_a_short_lived_bearer_token(
    v1: V1, client: httpx.AsyncClient
) -> None:
    member = await v1.register()

    for login in (member.username, member.email.upper()):
        response = await client.post(
            "/api/v1/auth/login", json={"login": login, "password": member.password}
        )
        assert response.status_code == 200, response.text
        assert response.headers["cache-control"] == "no-store"
        body = response.json()
        assert set(body) == {"access_token", "token_type", "expires_in"}
        assert (body["token_type"], body["expires_in"]) == ("Bearer", 900)


async def test_a_wrong_password_and_an_unknown_login_answer_alike(
    v1: V1, client: httpx.AsyncClient
) -> None:
    member = await v1.register()

    wrong = await client.post(
        "/api/v1/auth/login", json={"login": member.username, "password": "not-it-at-all"}
    )
    unknown = await client.post(
        "/api/v1/auth/login", json={"login": "nobody-here", "password": member.password}
    )

    for response in (wrong, unknown):
        problem = problem_of(response, 401, "invalid-credentials")
        assert response.headers["www-authenticate"] == "Bearer"
    assert problem_of(wrong, 401, "invalid-credentials")["detail"] == problem["detail"]


async def test_login_with_a_missing_field_or_an_extra_one_is_a_422(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/api/v1/auth/login", json={"password": "x", "grant_type": "password"}
    )

    problem = problem_of(response, 422, "validation-failed")
    assert {entry["pointer"] for entry in problem["errors"]} == {"/login", "/grant_type"}


async def test_me_is_the_callers_account(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.get("/api/v1/me", headers=member.headers)

    assert response.status_code == 200
    assert response.json()["email"] == member.email


async def test_me_without_a_token_is_a_401_with_a_bearer_challenge(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/v1/me")

    problem_of(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == "Bearer"


async def test_a_merge_patch_changes_what_it_names_and_null_clears(v1: V1) -> None:
    member = await v1.register()
    headers = {**member.headers, **MERGE_PATCH}
    await v1.client.patch(
        "/api/v1/me", headers=headers, content=b'{"bio": "skater", "image": "https://a.io/i.png"}'
    )

    response = await v1.client.patch("/api/v1/me", headers=headers, content=b'{"image": null}')

    assert response.status_code == 200, response.text
    assert response.json() == {
        "username": member.username,
        "email": member.email,
        "bio": "skater",
        "image": None,
    }


async def test_a_plain_json_patch_means_the_same(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.patch("/api/v1/me", headers=member.headers, json={"bio": "hi"})

    assert response.status_code == 200, response.text
    assert response.json()["bio"] == "hi"


async def test_changing_email_or_password_needs_the_current_password(v1: V1) -> None:
    member = await v1.register()

    missing = await v1.client.patch(
        "/api/v1/me", headers=member.headers, json={"password": "a new passphrase"}
    )
    wrong = await v1.client.patch(
        "/api/v1/me",
        headers=member.headers,
        json={"email": "new@example.com", "current_password": "not the one"},
    )
    right = await v1.client.patch(
        "/api/v1/me",
        headers=member.headers,
        json={"password": "a new passphrase", "current_password": member.password},
    )

    assert (
        problem_of(missing, 422, "validation-failed")["errors"][0]["pointer"] == "/current_password"
    )
    assert (
        problem_of(wrong, 422, "validation-failed")["errors"][0]["pointer"] == "/current_password"
    )
    assert right.status_code == 200, right.text
    assert await v1.login(member.username, "a new passphrase")


async def test_a_patch_refuses_null_for_fields_that_cannot_be_empty_and_unknown_fields(
    v1: V1,
) -> None:
    member = await v1.register()

    response = await v1.client.patch(
        "/api/v1/me", headers=member.headers, json={"username": None, "role": "admin"}
    )

    problem = problem_of(response, 422, "validation-failed")
    assert {entry["pointer"] for entry in problem["errors"]} == {"/username", "/role"}
    me = await v1.client.get("/api/v1/me", headers=member.headers)
    assert me.json()["username"] == member.username


async def test_a_patch_of_another_media_type_is_a_415_naming_what_is_accepted(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.patch(
        "/api/v1/me", headers={**member.headers, "Content-Type": "text/plain"}, content=b"{}"
    )

    problem_of(response, 415, "unsupported-media-type")
    assert response.headers["accept-patch"] == "application/json, application/merge-patch+json"


async def test_a_post_of_another_media_type_is_a_415_with_accept_post(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/api/v1/users", content=b"username=jake")

    problem_of(response, 415, "unsupported-media-type")
    assert response.headers["accept-post"] == "application/json"


async def test_type_errors_and_rule_errors_are_reported_together(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/users", json={"username": 42, "email": "nope", "password": "short", "id": 1}
    )

    problem = problem_of(response, 422, "validation-failed")
    assert {entry["pointer"] for entry in problem["errors"]} == {
        "/username",
        "/email",
        "/password",
        "/id",
    }
    assert {"pointer": "/username", "detail": "must be a string"} in problem["errors"]
