"""A saturated database is a 503 with ``Retry-After`` in the RealWorld error shape, never a 500:
every connection of a one-connection pool is held while a request waits past the pool timeout.
(The memory adapter has no pool; it is not among the kinds here.)"""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from adapters.persistence.sql import SqlDatabase
from entrypoints.settings import Settings
from tests.api.conduit import Conduit, errors_of, persistence_of
from tests.api.conftest import api_settings, database_url


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def settings(db_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return api_settings(
        tmp_path,
        database_url(db_kind, request, tmp_path),
        db_pool_size=1,
        db_max_overflow=0,
        db_pool_timeout_seconds=0.05,
    )


async def test_a_write_that_waits_past_the_pool_timeout_is_a_503(
    conduit: Conduit, app: FastAPI
) -> None:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    async with database.unit_of_work():  # holds the only connection (and SQLite's write turn)
        response = await conduit.client.post(
            "/api/users",
            json={"user": {"username": "ann", "email": "ann@example.com", "password": "pa55word!"}},
        )

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert errors_of(response) == {"server": ["is busy, try again shortly"]}
    after = await conduit.client.get("/api/profiles/ann")
    assert after.status_code == 404  # nothing was half-written


async def test_a_read_that_waits_past_the_pool_timeout_is_a_503(
    conduit: Conduit, app: FastAPI
) -> None:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    ann = await conduit.register(username="ann")
    read_pool = database._read_pool
    holds: AbstractAsyncContextManager[Any] = (
        read_pool.connection() if read_pool is not None else database.unit_of_work()
    )
    async with holds:  # PostgreSQL: the read pool's only connection; SQLite: the engine's
        response = await conduit.client.get("/api/profiles/" + ann.username)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert errors_of(response) == {"server": ["is busy, try again shortly"]}
    again = await conduit.client.get("/api/profiles/" + ann.username)
    assert again.status_code == 200
