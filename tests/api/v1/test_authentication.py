"""OWASP API2 (broken authentication) on ``/api/v1``: every token that is not a live access token
of this surface is a 401 with a Bearer challenge, and ``/api`` refuses this surface's tokens."""

from __future__ import annotations

import time
from typing import Any

import httpx
import jwt
import pytest

from entrypoints.container import V1_AUDIENCE
from tests.api.conduit import Conduit
from tests.api.conftest import JWT_SECRET
from tests.api.v1.conftest import V1, Member, problem_of


def _claims(member: Member) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(member.token, options={"verify_signature": False})
    return claims


async def _refused(client: httpx.AsyncClient, token: str) -> None:
    response = await client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    problem_of(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


async def test_the_access_token_names_this_surfaces_audience_and_lives_the_configured_ttl(
    v1: V1,
) -> None:
    claims = _claims(await v1.register())

    assert claims["aud"] == V1_AUDIENCE
    assert claims["exp"] - claims["iat"] == 900


async def test_an_unsigned_alg_none_token_is_refused(v1: V1) -> None:
    claims = _claims(await v1.register())
    unsigned = jwt.encode(claims, "", algorithm="none")

    await _refused(v1.client, unsigned)


async def test_a_token_signed_with_another_key_is_refused(v1: V1) -> None:
    claims = _claims(await v1.register())

    await _refused(v1.client, jwt.encode(claims, "another-secret-" + "x" * 40, algorithm="HS256"))


async def test_an_expired_token_is_refused(v1: V1) -> None:
    claims = _claims(await v1.register())
    past = int(time.time()) - 3600
    expired = {**claims, "iat": past - 900, "exp": past}

    await _refused(v1.client, jwt.encode(expired, JWT_SECRET, algorithm="HS256"))


@pytest.mark.parametrize("token", ["not-a-jwt", "a.b.c", "Zm9v.YmFy.YmF6"])
async def test_a_malformed_token_is_refused(client: httpx.AsyncClient, token: str) -> None:
    await _refused(client, token)


async def test_the_token_scheme_of_api_is_not_accepted(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.get("/api/v1/me", headers={"Authorization": f"Token {member.token}"})

    problem_of(response, 401, "unauthenticated")


async def test_an_api_token_is_refused_on_api_v1(
    conduit: Conduit, client: httpx.AsyncClient
) -> None:
    account = await conduit.register()

    await _refused(client, account.token)


async def test_an_api_v1_token_is_refused_on_api(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.get("/api/user", headers={"Authorization": f"Bearer {member.token}"})

    assert response.status_code == 401
    assert response.json() == {"errors": {"token": ["is invalid or expired"]}}


async def test_a_token_without_an_audience_signed_with_the_right_key_is_refused(v1: V1) -> None:
    claims = _claims(await v1.register())
    del claims["aud"]

    await _refused(v1.client, jwt.encode(claims, JWT_SECRET, algorithm="HS256"))
