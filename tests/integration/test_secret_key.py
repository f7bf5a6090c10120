"""``QUILL_SECRET_KEY`` and the keys derived from it: required in production, made once locally
otherwise; one subkey per purpose (HKDF); sealed cursors that only open unchanged, for their own
query."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from adapters.security.cursors import CursorSeal
from adapters.security.keys import derive_key
from entrypoints.container import build_container
from entrypoints.settings import ConfigurationError, Settings, resolve_secret_key

SECRET = b"k" * 32
QUERY = {"filter": {"tag": "dragons"}, "sort": "-created_at", "limit": 20}
POSITION = {"created_at": "2026-01-02T03:04:05.678Z", "id": "0b1c"}


def test_production_without_a_secret_key_refuses_and_writes_nothing(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, env="production", secret_key_file=tmp_path / "key")

    with pytest.raises(ConfigurationError, match="QUILL_SECRET_KEY is not set"):
        resolve_secret_key(settings)
    assert not (tmp_path / "key").exists()


def test_a_production_container_needs_the_secret_key_too(tmp_path: Path) -> None:
    settings = Settings(
        _env_file=None,
        env="production",
        database_url="memory://",
        jwt_secret="j" * 48,
        secret_key_file=tmp_path / "key",
    )

    with pytest.raises(ConfigurationError, match="QUILL_SECRET_KEY"):
        build_container(settings)


def test_a_short_secret_key_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 32 bytes"):
        resolve_secret_key(Settings(_env_file=None, secret_key="short"))


def test_in_development_a_key_is_made_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "secret-key"

    first = resolve_secret_key(Settings(_env_file=None, secret_key_file=path))
    second = resolve_secret_key(Settings(_env_file=None, env="test", secret_key_file=path))

    assert first == second
    assert len(first) >= 32
    assert path.stat().st_mode & 0o777 == 0o600


def test_each_purpose_gets_its_own_stable_key() -> None:
    cursor, webhooks = derive_key(SECRET, "cursor-mac"), derive_key(SECRET, "webhook-secrets")

    assert cursor == derive_key(SECRET, "cursor-mac")
    assert cursor != webhooks
    assert len(cursor) == 32
    assert derive_key(b"o" * 32, "cursor-mac") != cursor


def test_key_derivation_refuses_a_short_secret_or_no_purpose() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        derive_key(b"short", "cursor-mac")
    with pytest.raises(ValueError, match="purpose"):
        derive_key(SECRET, "")


def test_a_cursor_opens_to_its_position_with_its_query() -> None:
    seal = CursorSeal(secret=SECRET)

    assert seal.open(seal.seal(POSITION, QUERY), QUERY) == POSITION


@pytest.mark.parametrize(
    "other",
    [
        {**QUERY, "limit": 21},
        {**QUERY, "sort": "created_at"},
        {**QUERY, "filter": {"tag": "training"}},
        {},
    ],
)
def test_a_cursor_reused_with_another_query_does_not_open(other: dict[str, object]) -> None:
    seal = CursorSeal(secret=SECRET)

    assert seal.open(seal.seal(POSITION, QUERY), other) is None


def test_an_edited_cursor_does_not_open() -> None:
    seal = CursorSeal(secret=SECRET)
    version, body, mac = seal.seal(POSITION, QUERY).split(".")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    edited = base64.urlsafe_b64encode(raw.replace(b"0b1c", b"ffff")).rstrip(b"=").decode()

    assert seal.open(f"{version}.{edited}.{mac}", QUERY) is None


@pytest.mark.parametrize("cursor", ["", "garbage", "1..", "1.e30.AAAA", "2.abc.def", "1.ä.ö"])
def test_a_malformed_cursor_does_not_open(cursor: str) -> None:
    assert CursorSeal(secret=SECRET).open(cursor, QUERY) is None


def test_a_cursor_of_another_secret_does_not_open() -> None:
    made = CursorSeal(secret=b"o" * 32).seal(POSITION, QUERY)

    assert CursorSeal(secret=SECRET).open(made, QUERY) is None
