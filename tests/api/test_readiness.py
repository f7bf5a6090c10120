"""``/readyz`` against real databases: ready at the newest schema, and 503 with the reason when
the schema is missing or behind, or when the database does not answer within a second."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from entrypoints.api import create_app, probes
from tests.api.conftest import api_settings
from tests.api.test_probes import assert_probe_answer, unavailable

OLDER_REVISION = "0002"


@asynccontextmanager
async def client_on(tmp_path: Path, database_url: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_settings(tmp_path, database_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_readyz_answers_200_when_the_database_answers_at_the_newest_schema(
    client: httpx.AsyncClient,
) -> None:
    assert_probe_answer(await client.get("/readyz"), 200, {"status": "ready"})


async def test_readyz_answers_503_on_a_database_without_a_schema(tmp_path: Path) -> None:
    async with client_on(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}") as client:
        response = await client.get("/readyz")

    assert response.status_code == 503
    assert "quill migrate" in response.json()["reason"]


async def test_readyz_answers_503_on_a_schema_behind_the_release(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "behind.db"
    shutil.copyfile(sqlite_template, path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE alembic_version SET version_num = ?", (OLDER_REVISION,))

    async with client_on(tmp_path, f"sqlite+aiosqlite:///{path}") as client:
        response = await client.get("/readyz")

    assert response.status_code == 503
    reason = response.json()["reason"]
    assert OLDER_REVISION in reason
    assert "quill migrate" in reason


@pytest.mark.postgres
async def test_readyz_answers_503_while_the_database_does_not_answer_within_a_second(
    tmp_path: Path, postgres_url: str
) -> None:
    dsn = make_url(postgres_url).set(drivername="postgresql").render_as_string(hide_password=False)
    blocker = await asyncpg.connect(dsn, timeout=10)
    try:
        async with client_on(tmp_path, postgres_url) as client:
            async with blocker.transaction():  # the schema check waits behind this lock
                await blocker.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
                stalled = await client.get("/readyz")
            recovered = await client.get("/readyz")
    finally:
        await blocker.close()

    assert_probe_answer(stalled, 503, unavailable(probes.TIMED_OUT))
    assert_probe_answer(recovered, 200, {"status": "ready"})
