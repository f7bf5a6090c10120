"""Settings from the environment (prefix ``QUILL_``) or a ``.env`` file, via pydantic-settings."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# A secret shorter than the hash output weakens HMAC (RFC 7518 section 3.2).
MIN_SECRET_BYTES = {"HS256": 32, "HS384": 48, "HS512": 64}
MIN_SECRET_KEY_BYTES = 32


class ConfigurationError(RuntimeError):
    """The service cannot start with these settings; the message says what to change."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="QUILL_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./var/quill.db"
    db_pool_size: int = Field(default=20, ge=1, le=500)
    db_max_overflow: int = Field(default=10, ge=0, le=500)
    db_pool_timeout_seconds: float = Field(default=30.0, gt=0)
    # PostgreSQL: the server cancels a statement running longer; a connection is renewed after.
    db_statement_timeout_seconds: float = Field(default=5.0, gt=0)
    db_connection_max_age_seconds: float = Field(default=1800.0, gt=0)

    jwt_secret: SecretStr | None = None
    jwt_secret_file: Path = Path("var/jwt-secret")
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_ttl_seconds: int = Field(default=7 * 24 * 3600, ge=60)
    # /api/v1's access tokens: short-lived, with their own audience.
    access_token_ttl_seconds: int = Field(default=900, ge=60, le=24 * 3600)
    # The one secret every other key is derived from (HKDF): cursor MACs, later webhook secrets.
    secret_key: SecretStr | None = None
    secret_key_file: Path = Path("var/secret-key")
    # Where clients reach the service (``https://quill.example``): absolute URIs in bodies and
    # headers start with it; without it they are paths. Never taken from the request's ``Host``.
    public_url: str | None = Field(default=None, pattern=r"^https?://[^/?#\s]+$")
    docs: bool = True

    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    # One lane: each hash then runs on one thread, and the hasher's pool leaves a core for the
    # event loop (RFC 9106 permits p=1; 64 MiB and t=3 keep the memory hardness).
    argon2_parallelism: int = Field(default=1, ge=1)

    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)

    # Operating: logs, metrics, traces, shutdown (README, "Operating Quill").
    service_name: str = Field(default="quill", min_length=1, max_length=100)
    # None: a readable console on a terminal in development, JSON lines everywhere else.
    log_format: Literal["json", "console"] | None = None
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    access_log: bool = True
    metrics_enabled: bool = True
    # Serve /metrics on this port instead of the API's (so it need not be public).
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # How often each worker refreshes the outbox lag and readiness gauges from the database.
    metrics_refresh_seconds: float = Field(default=10.0, gt=0, le=3600)
    otel_exporter: Literal["none", "console", "otlp"] = "none"
    shutdown_drain_seconds: float = Field(default=5.0, ge=0)
    shutdown_grace_seconds: float = Field(default=20.0, ge=0)

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        """``QUILL_CORS_ORIGINS`` is a comma-separated list (or a JSON list)."""
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [origin.strip() for origin in text.split(",") if origin.strip()]
        return value


def resolve_jwt_secret(settings: Settings) -> str:
    """The signing secret: ``QUILL_JWT_SECRET``; in production nothing else will do. In development
    and tests a random secret is made once in ``QUILL_JWT_SECRET_FILE`` and reused."""
    if settings.jwt_secret is not None:
        secret = settings.jwt_secret.get_secret_value()
        needed = MIN_SECRET_BYTES[settings.jwt_algorithm]
        if len(secret.encode()) < needed:
            raise ConfigurationError(
                f"QUILL_JWT_SECRET must be at least {needed} bytes long for "
                f"{settings.jwt_algorithm}"
            )
        return secret
    if settings.env == "production":
        raise ConfigurationError(
            "QUILL_JWT_SECRET is not set: a production start needs a signing secret of at least "
            "32 characters (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        )
    return _local_secret(settings.jwt_secret_file)


def resolve_secret_key(settings: Settings) -> bytes:
    """``QUILL_SECRET_KEY`` (at least 32 bytes); required in production. In development and tests
    a random one is made once in ``QUILL_SECRET_KEY_FILE`` and reused, as the JWT secret is."""
    if settings.secret_key is not None:
        secret = settings.secret_key.get_secret_value().encode()
        if len(secret) < MIN_SECRET_KEY_BYTES:
            raise ConfigurationError(
                f"QUILL_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes long"
            )
        return secret
    if settings.env == "production":
        raise ConfigurationError(
            "QUILL_SECRET_KEY is not set: a production start needs a secret key of at least "
            "32 characters (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(48))'`)"
        )
    return _local_secret(settings.secret_key_file).encode()


def _local_secret(path: Path) -> str:
    """Read the secret file, or create it (mode 0600) if missing; safe when several processes
    start at once: the file is written aside and linked into place, so a reader never sees it half
    written."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(secrets.token_urlsafe(64))
    try:
        os.link(draft, path)  # fails if another process won the race; its secret is then used
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text(encoding="utf-8").strip()
