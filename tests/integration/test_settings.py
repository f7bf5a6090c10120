"""Settings from the environment, and the JWT secret rules that guard a start."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from entrypoints.settings import ConfigurationError, Settings, resolve_jwt_secret

GOOD_SECRET = "k" * 48


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No QUILL_* variable or ``.env`` file from the machine running the tests leaks in."""
    for name in list(os.environ):
        if name.upper().startswith("QUILL_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_settings_come_from_quill_prefixed_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUILL_DATABASE_URL", "memory://")
    monkeypatch.setenv("QUILL_ARGON2_TIME_COST", "7")
    monkeypatch.setenv("ENV", "production")
    monkeypatch.setenv("JWT_SECRET", GOOD_SECRET)

    settings = Settings()

    assert settings.database_url == "memory://"
    assert settings.argon2_time_cost == 7
    assert settings.env == "development"
    assert settings.jwt_secret is None


def test_database_connections_have_a_statement_timeout_and_a_lifetime_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    defaults = Settings(_env_file=None)
    monkeypatch.setenv("QUILL_DB_STATEMENT_TIMEOUT_SECONDS", "0.5")
    monkeypatch.setenv("QUILL_DB_CONNECTION_MAX_AGE_SECONDS", "600")
    configured = Settings(_env_file=None)

    assert (defaults.db_statement_timeout_seconds, defaults.db_connection_max_age_seconds) == (
        5.0,
        1800.0,
    )
    assert (configured.db_statement_timeout_seconds, configured.db_connection_max_age_seconds) == (
        0.5,
        600.0,
    )


def test_settings_are_read_from_a_dot_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("QUILL_ENV=test\nQUILL_JWT_TTL_SECONDS=120\n", encoding="utf-8")

    settings = Settings()

    assert settings.env == "test"
    assert settings.jwt_ttl_seconds == 120


def test_the_environment_wins_over_the_dot_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("QUILL_ENV=test\n", encoding="utf-8")
    monkeypatch.setenv("QUILL_ENV", "production")

    assert Settings().env == "production"


@pytest.mark.parametrize(
    ("raw", "origins"),
    [
        ("https://a.example, https://b.example ,", ["https://a.example", "https://b.example"]),
        (
            '["https://a.example", "http://localhost:3000"]',
            ["https://a.example", "http://localhost:3000"],
        ),
        ("", []),
    ],
)
def test_cors_origins_accept_a_comma_list_or_a_json_list(
    monkeypatch: pytest.MonkeyPatch, raw: str, origins: list[str]
) -> None:
    monkeypatch.setenv("QUILL_CORS_ORIGINS", raw)

    assert Settings(_env_file=None).cors_origins == origins


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("QUILL_ENV", "staging"),
        ("QUILL_JWT_ALGORITHM", "none"),
        ("QUILL_ARGON2_TIME_COST", "0"),
        ("QUILL_JWT_TTL_SECONDS", "5"),
        ("QUILL_DB_STATEMENT_TIMEOUT_SECONDS", "0"),
        ("QUILL_DB_CONNECTION_MAX_AGE_SECONDS", "-1"),
    ],
)
def test_out_of_range_values_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError):
        Settings(_env_file=None)


def test_a_production_start_without_a_secret_is_refused(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, env="production", jwt_secret_file=tmp_path / "secret")

    with pytest.raises(ConfigurationError, match="QUILL_JWT_SECRET"):
        resolve_jwt_secret(settings)
    assert not (tmp_path / "secret").exists(), "production never falls back to a local secret"


@pytest.mark.parametrize("env", ["development", "production"])
def test_a_short_secret_is_refused(monkeypatch: pytest.MonkeyPatch, env: str) -> None:
    monkeypatch.setenv("QUILL_ENV", env)
    monkeypatch.setenv("QUILL_JWT_SECRET", "k" * 31)

    with pytest.raises(ConfigurationError, match="QUILL_JWT_SECRET must be at least 32"):
        resolve_jwt_secret(Settings(_env_file=None))


def test_a_secret_from_the_environment_is_used_as_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUILL_ENV", "production")
    monkeypatch.setenv("QUILL_JWT_SECRET", GOOD_SECRET)
    settings = Settings(_env_file=None)

    assert resolve_jwt_secret(settings) == GOOD_SECRET
    assert GOOD_SECRET not in repr(settings)


def test_a_development_secret_is_made_once_private_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "var" / "jwt-secret"
    settings = Settings(_env_file=None, env="development", jwt_secret_file=path)

    first = resolve_jwt_secret(settings)
    made = path.stat()
    second = resolve_jwt_secret(Settings(_env_file=None, env="test", jwt_secret_file=path))

    assert len(first) >= 32
    assert second == first
    assert stat.S_IMODE(made.st_mode) == 0o600
    assert path.stat().st_ino == made.st_ino
    assert path.stat().st_mtime_ns == made.st_mtime_ns
    assert [p.name for p in path.parent.iterdir()] == ["jwt-secret"], "no draft files left behind"


def test_development_secrets_differ_between_files(tmp_path: Path) -> None:
    one = resolve_jwt_secret(Settings(_env_file=None, jwt_secret_file=tmp_path / "one"))
    two = resolve_jwt_secret(Settings(_env_file=None, jwt_secret_file=tmp_path / "two"))

    assert one != two
