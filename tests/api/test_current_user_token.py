"""GET /api/user answers the token the caller sent, never a fresh one: reading the account must not
extend a token's life (a stolen token would otherwise live for ever)."""

from __future__ import annotations

import time

import jwt
import pytest

from tests.api.conduit import Conduit, auth
from tests.api.conftest import JWT_SECRET


async def test_the_current_user_comes_with_the_very_token_sent(conduit: Conduit) -> None:
    account = await conduit.register()
    subject = jwt.decode(account.token, options={"verify_signature": False})["sub"]
    issued_an_hour_ago = int(time.time()) - 3600
    older = jwt.encode(
        {"sub": subject, "iat": issued_an_hour_ago, "exp": issued_an_hour_ago + 7200},
        JWT_SECRET,
        algorithm="HS256",
    )

    response = await conduit.client.get("/api/user", headers=auth(older))

    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert user["username"] == account.username
    assert user["token"] == older  # a token minted now would carry a later iat and exp


@pytest.mark.parametrize("scheme", ["Token", "Bearer"])
async def test_the_token_answered_is_the_one_in_the_header_whatever_the_scheme(
    conduit: Conduit, scheme: str
) -> None:
    account = await conduit.register()
    response = await conduit.client.get("/api/user", headers=auth(account.token, scheme))
    assert response.status_code == 200, response.text
    assert response.json()["user"]["token"] == account.token
