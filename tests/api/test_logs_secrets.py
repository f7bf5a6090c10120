"""Nothing secret is ever logged: a whole API flow with known, distinctive secrets, captured at
DEBUG (every line the app and its libraries write, start-up and shutdown included), on every
persistence adapter. A user is named by its id; passwords, tokens, the Authorization header, the
JWT secret and emails never appear, not even masked by accident of a pattern: the values
themselves are searched for."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from adapters.persistence.sql import SqlDatabase
from entrypoints.api import create_app
from entrypoints.settings import Settings
from tests.api.conduit import persistence_of
from tests.api.conftest import api_settings, database_url
from tests.support.databases import truncate_all
from tests.support.logs import events, json_lines

JWT_SECRET = "jwt-secret-Zq81xV0pLm3nB7cR5tY9uW2eK4hJ6gF1dS8aQ0"
PASSWORD = "first-pass-Wk47Hq92Zt"
NEW_PASSWORD = "second-pass-Rm38Lx61Vb"
WRONG_PASSWORD = "wrong-pass-Jd25Nc73Py"
EMAIL = "first-mail-q7t2@owner.example"
NEW_EMAIL = "second-mail-w9k4@owner.example"
USERNAME = "secretive"


@pytest.fixture
def settings(
    db_kind: str, request: pytest.FixtureRequest, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Settings:
    # capsys is asked for first, so the app's start-up lines are captured too
    url = database_url(db_kind, request, tmp_path)
    return api_settings(tmp_path, url, log_level="DEBUG", jwt_secret=JWT_SECRET)


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    """Not started: the test runs its start-up and shutdown itself, inside the capture."""
    return create_app(settings)


async def emptied(app: FastAPI, db_kind: str) -> None:
    if db_kind == "postgres":  # this run's database, shared by the tests
        database = await persistence_of(app)
        assert isinstance(database, SqlDatabase)
        await truncate_all(database)


def auth(token: str, scheme: str = "Token") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}


async def flow(client: httpx.AsyncClient) -> list[str]:
    """Register, log in (once wrongly), change email and password, log in again, write an
    article and a comment, and get refused a few times; returns the tokens it was given."""
    user = {"username": USERNAME, "email": EMAIL, "password": PASSWORD}
    registered = await client.post("/api/users", json={"user": user})
    assert registered.status_code == 201, registered.text
    tokens = [registered.json()["user"]["token"]]

    wrong = {"email": EMAIL, "password": WRONG_PASSWORD}
    assert (await client.post("/api/users/login", json={"user": wrong})).status_code == 401
    login = await client.post(
        "/api/users/login", json={"user": {"email": EMAIL, "password": PASSWORD}}
    )
    tokens.append(login.json()["user"]["token"])

    changes = {"email": NEW_EMAIL, "password": NEW_PASSWORD}
    updated = await client.put("/api/user", json={"user": changes}, headers=auth(tokens[-1]))
    assert updated.status_code == 200, updated.text
    tokens.append(updated.json()["user"]["token"])
    again = {"email": NEW_EMAIL, "password": NEW_PASSWORD}
    relogin = await client.post("/api/users/login", json={"user": again})
    assert relogin.status_code == 200, relogin.text
    tokens.append(relogin.json()["user"]["token"])

    taken = {"username": "another", "email": NEW_EMAIL, "password": PASSWORD}
    assert (await client.post("/api/users", json={"user": taken})).status_code == 422

    article = {"title": "On secrets", "description": "kept", "body": "Never logged.", "tagList": []}
    created = await client.post(
        "/api/articles", json={"article": article}, headers=auth(tokens[-1], "Bearer")
    )
    assert created.status_code == 201, created.text
    slug = created.json()["article"]["slug"]
    comment = {"comment": {"body": "Agreed."}}
    commented = await client.post(
        f"/api/articles/{slug}/comments", json=comment, headers=auth(tokens[-1])
    )
    assert commented.status_code == 200, commented.text
    assert (await client.get("/api/user", headers=auth(tokens[-1]))).status_code == 200

    forged = tokens[-1][:-4] + ("AAAA" if not tokens[-1].endswith("AAAA") else "BBBB")
    assert (await client.get("/api/user", headers=auth(forged))).status_code == 401
    tokens.append(forged)
    return tokens


async def test_a_whole_flow_logs_none_of_its_secrets(
    app: FastAPI, db_kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert logging.getLogger().isEnabledFor(logging.DEBUG)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client,
    ):
        await emptied(app, db_kind)
        tokens = await flow(client)

    captured = capsys.readouterr()
    lines = json_lines(captured.out)  # every line is JSON
    assert captured.err == ""
    # The capture did see the flow: one access line per request, and the libraries' lines.
    assert len(events(captured.out, "request", logger="quill.access")) == 10
    assert {line["logger"] for line in lines} >= {"quill.access", "httpx"}
    secrets = [
        JWT_SECRET, PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, EMAIL, NEW_EMAIL,
        EMAIL.partition("@")[0], NEW_EMAIL.partition("@")[0], *tokens,
        *(token.split(".")[2] for token in tokens),  # a signature on its own is enough to leak
    ]  # fmt: skip
    decoded = repr(lines)
    for secret in secrets:
        assert secret not in captured.out, secret
        assert secret not in decoded, secret
