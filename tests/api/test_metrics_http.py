"""The HTTP metrics as a scrape shows them: requests and their latency counted by method, route
template and status, exactly as many as were made; the requests in flight, the scrape itself
among them. (Recorded by the request middleware, ``entrypoints/api/observe.py``.)"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import FastAPI

from adapters.persistence.sql import SqlDatabase
from tests.api.conduit import Conduit, persistence_of
from tests.support.metrics import Scrape, scrape, scrape_until

REQUESTS = "quill_http_requests_total"
LATENCY_COUNT = "quill_http_request_duration_seconds_count"
IN_FLIGHT = "quill_http_requests_in_flight"
PROFILE = "/api/profiles/{username}"
WAIT_SECONDS = 10.0


@pytest.fixture
def db_kind() -> str:
    return "sqlite"


def moved(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)


async def test_requests_are_counted_by_route_template_exactly_as_many_as_were_made(
    conduit: Conduit, client: httpx.AsyncClient
) -> None:
    await conduit.register(username="ann")
    before = await scrape(client)

    for username in ("ann", "ann", "nobody-1", "nobody-2", "nobody-3"):
        await client.get(f"/api/profiles/{username}")
    await client.get("/no/such/path")

    after = await scrape(client)
    found = {"method": "GET", "route": PROFILE, "status": "200"}
    missing = {"method": "GET", "route": PROFILE, "status": "404"}
    unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
    assert moved(before, after, REQUESTS, **found) == 2
    assert moved(before, after, REQUESTS, **missing) == 3
    assert moved(before, after, REQUESTS, **unmatched) == 1
    assert moved(before, after, LATENCY_COUNT, **found) == 2
    assert moved(before, after, LATENCY_COUNT, **missing) == 3
    scrapes = {"method": "GET", "route": "/metrics", "status": "200"}
    assert moved(before, after, REQUESTS, **scrapes) == 1  # the first scrape, counted once done


async def test_a_request_is_in_flight_until_it_is_answered(
    conduit: Conduit, client: httpx.AsyncClient, app: FastAPI
) -> None:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    alone = await scrape(client)
    assert alone.value(IN_FLIGHT) >= 1  # the scrape itself

    async with database.unit_of_work():  # holds SQLite's write turn: a registration waits
        registering = asyncio.create_task(conduit.register(username="ann"))
        during = await scrape_until(
            client,
            lambda found: found.value(IN_FLIGHT) == alone.value(IN_FLIGHT) + 1,
            "the registration in flight",
        )
    await registering
    after = await scrape(client)

    assert during.value(IN_FLIGHT) == alone.value(IN_FLIGHT) + 1
    assert after.value(IN_FLIGHT) == alone.value(IN_FLIGHT)
