"""Access tokens: HMAC-signed JWTs (PyJWT) naming a user, with times taken from the ``Clock``.

PyJWT would check ``exp``/``iat``/``nbf`` against the real time; those checks are switched off and
done here against the injected clock instead, so issuing and verifying agree on what "now" is (and
tests can move time deterministically). Signature, algorithm, audience and claim presence stay
with PyJWT.

Each HTTP surface has its own instance: ``/api/v1``'s tokens carry an ``aud`` (and must), ``/api``'s
carry none. PyJWT refuses a token with an ``aud`` when no audience is expected, so neither surface
accepts the other's tokens.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt

from application.ports import Clock, TokenService
from domain.errors import Unauthenticated
from domain.ids import UserId

# RFC 7518 §3.2: an HMAC key must be at least as long as the hash output.
_MIN_SECRET_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
_REQUIRED_CLAIMS = ["exp", "iat", "sub"]
# How far in the future ``iat`` may lie (clocks of replicas on different hosts drift a little).
_CLOCK_SKEW_SECONDS = 30


class JwtTokenService(TokenService):
    def __init__(
        self,
        *,
        secret: str,
        algorithm: str,
        ttl: timedelta,
        clock: Clock,
        audience: str | None = None,
    ) -> None:
        if algorithm not in _MIN_SECRET_BYTES:
            raise ValueError(
                f"JWT algorithm {algorithm!r} is not supported; use one of "
                f"{', '.join(_MIN_SECRET_BYTES)}"
            )
        minimum = _MIN_SECRET_BYTES[algorithm]
        if len(secret.encode("utf-8")) < minimum:
            raise ValueError(
                f"the JWT secret must be at least {minimum} bytes long for {algorithm}"
            )
        if ttl <= timedelta(0):
            raise ValueError("the token lifetime must be positive")
        self._secret, self._algorithm, self._ttl, self._clock = secret, algorithm, ttl, clock
        self._audience = audience
        self._required = [*_REQUIRED_CLAIMS, "aud"] if audience else _REQUIRED_CLAIMS

    def issue(self, user_id: UserId) -> str:
        now = self._clock.now()
        claims: dict[str, object] = {
            "sub": str(user_id),
            "iat": _seconds(now),
            "exp": _seconds(now + self._ttl),
        }
        if self._audience:
            claims["aud"] = self._audience
        return jwt.encode(claims, self._secret, algorithm=self._algorithm)

    def verify(self, token: str) -> UserId:
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[self._algorithm],
                audience=self._audience,
                options={
                    "require": self._required,
                    "verify_signature": True,
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
        except jwt.PyJWTError:
            raise Unauthenticated("token is invalid") from None
        self._check_times(claims)
        return _user_id(claims["sub"])

    def _check_times(self, claims: dict[str, Any]) -> None:
        now = self._clock.now().timestamp()
        exp, iat, nbf = claims["exp"], claims["iat"], claims.get("nbf")
        if not (_is_int(exp) and _is_int(iat) and (nbf is None or _is_int(nbf))):
            raise Unauthenticated("token is invalid")
        if iat > now + _CLOCK_SKEW_SECONDS or (nbf is not None and nbf > now + _CLOCK_SKEW_SECONDS):
            raise Unauthenticated("token is not valid yet")
        if now >= exp:
            raise Unauthenticated("token has expired")


def _seconds(moment: datetime) -> int:
    return int(moment.timestamp())


def _is_int(value: object) -> bool:
    """NumericDate as this service writes it: whole seconds (no floats, NaN or Infinity)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _user_id(subject: object) -> UserId:
    if not isinstance(subject, str):
        raise Unauthenticated("token is invalid")
    try:
        parsed = uuid.UUID(subject)
    except ValueError:
        raise Unauthenticated("token is invalid") from None
    if str(parsed) != subject:  # only the canonical form this service issues
        raise Unauthenticated("token is invalid")
    return UserId(parsed)
