"""Registration, login, the current user and updating it."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from tests.api.conduit import Account, Conduit, auth, errors_of
from tests.api.conftest import JWT_SECRET
from tests.factories import unique_email, unique_username


def a_token(account: Account, *, secret: str = JWT_SECRET, **claims: object) -> str:
    """A token for ``account``'s user with ``claims`` changed (signed with ``secret``)."""
    subject = jwt.decode(account.token, options={"verify_signature": False})["sub"]
    now = int(time.time())
    payload = {"sub": subject, "iat": now, "exp": now + 3600, **claims}
    return jwt.encode(payload, secret, algorithm="HS256")


# --- register -----------------------------------------------------------------------------------
async def test_register_answers_201_with_the_new_user_and_a_working_token(
    conduit: Conduit,
) -> None:
    username, email = unique_username(), unique_email()
    user = {"username": username, "email": email, "password": "a long password"}
    response = await conduit.client.post("/api/users", json={"user": user})

    assert response.status_code == 201
    body = response.json()["user"]
    assert {k: body[k] for k in ("username", "email", "bio", "image")} == {
        "username": username,
        "email": email,
        "bio": "",
        "image": "",
    }
    me = await conduit.get_json("/api/user", Account(username, email, "", body["token"]))
    assert me["user"]["username"] == username


async def test_register_with_a_taken_email_is_422_and_keeps_the_first_account(
    conduit: Conduit,
) -> None:
    first = await conduit.register()
    user = {"username": unique_username(), "email": first.email.upper(), "password": "other pass"}
    response = await conduit.client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {"email": ["has already been taken"]}
    login = {"email": first.email, "password": "other pass"}
    assert (await conduit.client.post("/api/users/login", json={"user": login})).status_code == 401
    profile = await conduit.client.get(f"/api/profiles/{user['username']}")
    assert profile.status_code == 404


async def test_register_with_a_taken_username_is_422(conduit: Conduit) -> None:
    first = await conduit.register()
    user = {"username": first.username, "email": unique_email(), "password": "a long password"}
    response = await conduit.client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {"username": ["has already been taken"]}


async def test_register_without_the_user_envelope_is_422_naming_it(conduit: Conduit) -> None:
    body = {"username": unique_username(), "email": unique_email(), "password": "long enough"}
    response = await conduit.client.post("/api/users", json=body)

    assert response.status_code == 422
    assert errors_of(response) == {"user": ["is missing"]}


async def test_register_with_wrong_types_is_422_naming_each_field(conduit: Conduit) -> None:
    user = {"username": 12, "email": ["a@b.c"], "password": None}
    response = await conduit.client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert errors_of(response) == {
        "username": ["must be a string"],
        "email": ["must be a string"],
        "password": ["must be a string"],
    }


async def test_register_with_malformed_json_is_422(conduit: Conduit) -> None:
    response = await conduit.client.post(
        "/api/users", content=b'{"user": {"email": ', headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 422
    assert errors_of(response) == {"request": ["is not valid JSON"]}


async def test_register_reports_every_broken_rule_at_once(conduit: Conduit) -> None:
    user = {"username": "no spaces allowed", "email": "not-an-email", "password": "short"}
    response = await conduit.client.post("/api/users", json={"user": user})

    assert response.status_code == 422
    assert set(errors_of(response)) == {"username", "email", "password"}


# --- login --------------------------------------------------------------------------------------
async def test_login_answers_the_user_with_a_fresh_token(conduit: Conduit) -> None:
    account = await conduit.register()
    credentials = {"email": account.email, "password": account.password}
    response = await conduit.client.post("/api/users/login", json={"user": credentials})

    assert response.status_code == 200
    body = response.json()["user"]
    assert (body["username"], body["email"]) == (account.username, account.email)
    me = await conduit.client.get("/api/user", headers=auth(body["token"]))
    assert me.json()["user"]["username"] == account.username


async def test_login_failures_do_not_tell_whether_the_account_exists(conduit: Conduit) -> None:
    account = await conduit.register()
    wrong_password = {"email": account.email, "password": "not the password"}
    unknown_email = {"email": unique_email(), "password": account.password}

    answers = [
        await conduit.client.post("/api/users/login", json={"user": credentials})
        for credentials in (wrong_password, unknown_email)
    ]

    for response in answers:
        assert response.status_code == 401
        assert errors_of(response) == {"email or password": ["is invalid"]}
    assert answers[0].content == answers[1].content


async def test_login_with_blank_or_missing_fields_is_422(conduit: Conduit) -> None:
    blank = await conduit.client.post(
        "/api/users/login", json={"user": {"email": " ", "password": ""}}
    )
    missing = await conduit.client.post("/api/users/login", json={"user": {}})

    assert blank.status_code == missing.status_code == 422
    assert errors_of(blank) == {"email": ["can't be blank"], "password": ["can't be blank"]}
    assert errors_of(missing) == {"email": ["is missing"], "password": ["is missing"]}


# --- current user -------------------------------------------------------------------------------
@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token"])
async def test_current_user_accepts_token_and_bearer_schemes(conduit: Conduit, scheme: str) -> None:
    account = await conduit.register()
    response = await conduit.client.get("/api/user", headers=auth(account.token, scheme))

    assert response.status_code == 200
    assert response.json()["user"]["email"] == account.email


async def test_current_user_without_a_token_is_401_token_missing(conduit: Conduit) -> None:
    response = await conduit.client.get("/api/user")

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
    assert response.headers["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "make_header",
    [
        pytest.param(lambda a: auth(a_token(a, exp=int(time.time()) - 5)), id="expired"),
        pytest.param(lambda a: auth(a_token(a, secret="another-secret-" * 4)), id="forged"),
        pytest.param(lambda a: auth(a_token(a, sub=str(uuid.uuid4()))), id="unknown-user"),
        pytest.param(
            lambda a: auth(jwt.encode({"sub": "x"}, key="", algorithm="none")), id="alg-none"
        ),
        pytest.param(lambda a: auth(a.token[:-3] + "abc"), id="bad-signature"),
        pytest.param(lambda a: auth("not.a.jwt"), id="garbage"),
        pytest.param(lambda a: {"Authorization": f"Basic {a.token}"}, id="wrong-scheme"),
        pytest.param(lambda a: {"Authorization": a.token}, id="no-scheme"),
        pytest.param(lambda a: {"Authorization": "Token "}, id="empty-token"),
    ],
)
async def test_current_user_with_a_bad_token_is_401_token_invalid(
    conduit: Conduit, make_header: object
) -> None:
    account = await conduit.register()
    assert callable(make_header)
    response = await conduit.client.get("/api/user", headers=make_header(account))

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid or expired"]}


# --- update user --------------------------------------------------------------------------------
async def test_update_user_changes_only_the_fields_sent(conduit: Conduit) -> None:
    account = await conduit.register()
    bio = {"bio": "I write.", "image": "https://img.example.com/me.png"}
    await conduit.client.put("/api/user", json={"user": bio}, headers=account.headers)
    new_email = unique_email()

    response = await conduit.client.put(
        "/api/user", json={"user": {"email": new_email}}, headers=account.headers
    )

    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["email"], user["username"]) == (new_email, account.username)
    assert (user["bio"], user["image"]) == (bio["bio"], bio["image"])


async def test_update_user_null_clears_bio_to_empty_and_an_absent_image_stays(
    conduit: Conduit,
) -> None:
    account = await conduit.register()
    image = "https://img.example.com/me.png"
    changes = {"bio": "I write.", "image": image}
    await conduit.client.put("/api/user", json={"user": changes}, headers=account.headers)

    response = await conduit.client.put(
        "/api/user", json={"user": {"bio": None}}, headers=account.headers
    )

    assert response.status_code == 200
    assert (response.json()["user"]["bio"], response.json()["user"]["image"]) == ("", image)


async def test_update_user_password_lets_the_user_log_in_with_the_new_one(
    conduit: Conduit,
) -> None:
    account = await conduit.register()
    await conduit.client.put(
        "/api/user", json={"user": {"password": "a brand new one"}}, headers=account.headers
    )

    old = {"email": account.email, "password": account.password}
    new = {"email": account.email, "password": "a brand new one"}
    assert (await conduit.client.post("/api/users/login", json={"user": old})).status_code == 401
    assert (await conduit.client.post("/api/users/login", json={"user": new})).status_code == 200


async def test_update_user_with_a_taken_username_is_422_and_changes_nothing(
    conduit: Conduit,
) -> None:
    account, other = await conduit.register(), await conduit.register()
    changes = {"username": other.username.upper(), "bio": "should not be saved"}

    response = await conduit.client.put(
        "/api/user", json={"user": changes}, headers=account.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == {"username": ["has already been taken"]}
    me = (await conduit.get_json("/api/user", account))["user"]
    assert (me["username"], me["bio"]) == (account.username, "")


@pytest.mark.parametrize(
    ("user", "errors"),
    [
        ({}, {"user": ["must name at least one of email, username, password, bio, image"]}),
        ({"email": None}, {"email": ["must be a string"]}),
        ({"image": "ftp://example.com/x.png"}, {"image": ["must be an http or https URL"]}),
        ({"bio": 42}, {"bio": ["must be a string"]}),
    ],
)
async def test_update_user_with_invalid_changes_is_422(
    conduit: Conduit, user: dict[str, object], errors: dict[str, list[str]]
) -> None:
    account = await conduit.register()
    response = await conduit.client.put("/api/user", json={"user": user}, headers=account.headers)

    assert response.status_code == 422
    assert errors_of(response) == errors


async def test_update_user_without_a_token_is_401(conduit: Conduit) -> None:
    response = await conduit.client.put("/api/user", json={"user": {"bio": "x"}})

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
