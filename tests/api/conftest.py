"""The app in process, over every persistence adapter: memory, SQLite (a copy of the migrated
template per test) and PostgreSQL (this run's database, emptied per test; skipped without
``QUILL_TEST_POSTGRES_URL`` unless ``QUILL_REQUIRE_POSTGRES=1``)."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from adapters.persistence.sql import SqlDatabase
from entrypoints.api import create_app
from entrypoints.settings import Settings
from tests.api.conduit import Conduit, persistence_of
from tests.support.databases import KINDS, truncate_all

JWT_SECRET = "test-secret-" + "0123456789abcdef" * 2 + "quill!"  # 48 characters
ORIGIN = "http://localhost:4200"


def api_settings(tmp_path: Path, database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "env": "test",
        "database_url": database_url,
        "jwt_secret": JWT_SECRET,
        "jwt_secret_file": tmp_path / "jwt-secret",
        "secret_key_file": tmp_path / "secret-key",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "argon2_parallelism": 1,
        "cors_origins": [ORIGIN],
        "db_pool_size": 5,
        "db_max_overflow": 5,
    }
    values.update(overrides)
    return Settings.model_validate(values)


def database_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if kind == "memory":
        return "memory://"
    if kind == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / f"quill-{secrets.token_hex(4)}.db"
        shutil.copyfile(template, path)
        return f"sqlite+aiosqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture(params=KINDS)
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def settings(db_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return api_settings(tmp_path, database_url(db_kind, request, tmp_path))


@pytest.fixture
async def app(settings: Settings, db_kind: str) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        if db_kind == "postgres":
            database = await persistence_of(application)
            assert isinstance(database, SqlDatabase)
            await truncate_all(database)
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
def conduit(client: httpx.AsyncClient) -> Conduit:
    return Conduit(client)
