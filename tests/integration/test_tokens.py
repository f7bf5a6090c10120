"""JWT access tokens: what verifies, and every kind of token that must not."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from adapters.security.tokens import JwtTokenService
from domain.errors import Unauthenticated
from domain.ids import UserId

SECRET = "s" * 16 + "e" * 16 + "c" * 16  # 48 bytes: enough for HS256 and HS384
OTHER_SECRET = "x" * 48
TTL = timedelta(minutes=10)
T0 = datetime(2001, 2, 3, 4, 5, 6, tzinfo=UTC)  # far from the real time on purpose


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def tokens(clock: FakeClock) -> JwtTokenService:
    return JwtTokenService(secret=SECRET, algorithm="HS256", ttl=TTL, clock=clock)


@pytest.fixture
def user_id() -> UserId:
    return UserId(uuid.uuid4())


def claims_at(moment: datetime, **overrides: Any) -> dict[str, Any]:
    claims: dict[str, Any] = {
        "sub": str(uuid.uuid4()),
        "iat": int(moment.timestamp()),
        "exp": int((moment + TTL).timestamp()),
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def rejected(tokens: JwtTokenService, token: str) -> Unauthenticated:
    with pytest.raises(Unauthenticated) as caught:
        tokens.verify(token)
    if token:
        assert token not in caught.value.message
    return caught.value


def test_an_issued_token_verifies_to_its_user(tokens: JwtTokenService, user_id: UserId) -> None:
    assert tokens.verify(tokens.issue(user_id)) == user_id


def test_the_token_carries_sub_iat_and_exp_from_the_clock(
    tokens: JwtTokenService, user_id: UserId
) -> None:
    claims = jwt.decode(tokens.issue(user_id), options={"verify_signature": False})

    assert claims == {
        "sub": str(user_id),
        "iat": int(T0.timestamp()),
        "exp": int((T0 + TTL).timestamp()),
    }


def test_a_token_verifies_until_it_expires(
    tokens: JwtTokenService, clock: FakeClock, user_id: UserId
) -> None:
    token = tokens.issue(user_id)

    clock.current = T0 + TTL - timedelta(seconds=1)
    assert tokens.verify(token) == user_id

    clock.current = T0 + TTL
    assert rejected(tokens, token).message == "token has expired"


def test_a_token_issued_in_the_future_is_refused(
    tokens: JwtTokenService, clock: FakeClock, user_id: UserId
) -> None:
    clock.current = T0 + timedelta(minutes=5)
    token = tokens.issue(user_id)

    clock.current = T0
    assert rejected(tokens, token).message == "token is not valid yet"


def test_a_token_signed_with_another_secret_is_refused(
    tokens: JwtTokenService, user_id: UserId
) -> None:
    forged = jwt.encode(claims_at(T0, sub=str(user_id)), OTHER_SECRET, algorithm="HS256")

    assert rejected(tokens, forged).message == "token is invalid"


def test_a_token_whose_payload_was_changed_is_refused(
    tokens: JwtTokenService, user_id: UserId
) -> None:
    header, _, signature = tokens.issue(user_id).split(".")
    other_payload = jwt.encode(claims_at(T0), SECRET, algorithm="HS256").split(".")[1]

    rejected(tokens, f"{header}.{other_payload}.{signature}")


def test_an_unsigned_alg_none_token_is_refused(tokens: JwtTokenService, user_id: UserId) -> None:
    unsigned = jwt.encode(
        claims_at(T0, sub=str(user_id)), "", algorithm="none"
    )  # "" is alg none's empty key

    rejected(tokens, unsigned)


def test_a_token_with_another_algorithm_and_the_right_secret_is_refused(
    tokens: JwtTokenService, user_id: UserId
) -> None:
    other_algorithm = jwt.encode(claims_at(T0, sub=str(user_id)), SECRET, algorithm="HS384")

    assert jwt.decode(other_algorithm, SECRET, algorithms=["HS384"], options={"verify_exp": False})
    rejected(tokens, other_algorithm)


@pytest.mark.parametrize("missing", ["sub", "iat", "exp"])
def test_a_token_missing_a_required_claim_is_refused(tokens: JwtTokenService, missing: str) -> None:
    token = jwt.encode(claims_at(T0, **{missing: None}), SECRET, algorithm="HS256")

    rejected(tokens, token)


@pytest.mark.parametrize(
    "overrides",
    [
        {"sub": "42"},
        {"sub": "not-a-uuid"},
        {"sub": 42},
        {"sub": "{12345678-1234-5678-1234-567812345678}"},
        {"sub": "12345678123456781234567812345678"},
        {"exp": "tomorrow"},
        {"exp": float(T0.timestamp() + 600)},
        {"iat": True},
    ],
    ids=repr,
)
def test_a_token_with_a_malformed_claim_is_refused(
    tokens: JwtTokenService, overrides: dict[str, Any]
) -> None:
    token = jwt.encode(claims_at(T0, **overrides), SECRET, algorithm="HS256")

    rejected(tokens, token)


@pytest.mark.parametrize(
    "garbage", ["", "garbage", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "ünïcödé.tøken.∑", "." * 500]
)
def test_garbage_is_refused(tokens: JwtTokenService, garbage: str) -> None:
    rejected(tokens, garbage)


@pytest.mark.parametrize(
    ("algorithm", "secret"), [("HS256", "x" * 31), ("HS384", "x" * 47), ("HS512", "x" * 63)]
)
def test_a_secret_shorter_than_the_algorithm_needs_is_refused(algorithm: str, secret: str) -> None:
    with pytest.raises(ValueError, match=f"at least {len(secret) + 1} bytes"):
        JwtTokenService(secret=secret, algorithm=algorithm, ttl=TTL, clock=FakeClock(T0))


@pytest.mark.parametrize("algorithm", ["none", "RS256", "hs256"])
def test_an_algorithm_other_than_hmac_sha2_is_refused(algorithm: str) -> None:
    with pytest.raises(ValueError, match="not supported"):
        JwtTokenService(secret=SECRET, algorithm=algorithm, ttl=TTL, clock=FakeClock(T0))
