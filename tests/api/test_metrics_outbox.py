"""``quill_outbox_lag_seconds`` (age of the oldest unpublished event, 0 when none) and
``quill_ready``, as the app's refresher sets them from the database, on every adapter."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update

from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql.tables import outbox_event
from entrypoints.settings import Settings
from tests.api.conduit import Conduit, persistence_of
from tests.api.conftest import api_settings, database_url
from tests.support.metrics import scrape_until

REFRESH_SECONDS = 0.05
WAIT_SECONDS = 10.0
LAG = "quill_outbox_lag_seconds"


@pytest.fixture
def settings(db_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    return api_settings(
        tmp_path,
        database_url(db_kind, request, tmp_path),
        metrics_refresh_seconds=REFRESH_SECONDS,
    )


async def test_an_empty_outbox_has_no_lag_and_the_app_is_ready(client: httpx.AsyncClient) -> None:
    # Polled: PostgreSQL's database is emptied only once the app has started (conftest.py).
    found = await scrape_until(
        client, lambda found: found.value(LAG) == 0, "no lag", every=REFRESH_SECONDS
    )

    assert found.value("quill_ready") == 1


async def test_an_unpublished_event_makes_the_lag_grow(
    conduit: Conduit, client: httpx.AsyncClient
) -> None:
    await conduit.register(username="ann")  # records a user-registered event

    first = await scrape_until(
        client, lambda found: found.value(LAG) > 0, "a lag", every=REFRESH_SECONDS
    )
    later = await scrape_until(
        client,
        lambda found: found.value(LAG) > first.value(LAG),
        "a longer lag",
        every=REFRESH_SECONDS,
    )

    assert later.value(LAG) > first.value(LAG) > 0


@pytest.mark.parametrize("db_kind", ["sqlite", "postgres"])
async def test_once_every_event_is_published_the_lag_is_zero_again(
    conduit: Conduit, client: httpx.AsyncClient, app: FastAPI
) -> None:
    await conduit.register(username="ann")
    await scrape_until(client, lambda found: found.value(LAG) > 0, "a lag", every=REFRESH_SECONDS)
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)

    async with database.engine.begin() as connection:
        await connection.execute(
            update(outbox_event).values(published_at=outbox_event.c.occurred_at)
        )

    found = await scrape_until(
        client, lambda found: found.value(LAG) == 0, "no lag", every=REFRESH_SECONDS
    )
    assert found.value("quill_ready") == 1
