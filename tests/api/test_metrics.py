"""``GET /metrics``: the Prometheus text format, without a token, outside the OpenAPI document;
absent (a 404 like any unknown path) when metrics are off or on a port of their own. Refused
logins and password hashing are counted. Metrics are process-wide: tests compare two scrapes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from entrypoints.api import create_app
from tests.api.conduit import Conduit
from tests.api.conftest import api_settings
from tests.support.metrics import Scrape, scrape

# Every metric Quill defines besides the HTTP ones (``test_metrics_http.py``).
FAMILIES = {
    "quill_db_pool_connections_in_use",
    "quill_db_pool_connections_idle",
    "quill_db_pool_waiting",
    "quill_db_pool_wait_seconds",
    "quill_db_pool_timeouts",
    "quill_password_hash_queue_depth",
    "quill_password_hash_duration_seconds",
    "quill_login_failures",
    "quill_outbox_lag_seconds",
    "quill_ready",
}


@pytest.fixture
def db_kind() -> str:
    return "memory"


@asynccontextmanager
async def client_of(tmp_path: Path, **overrides: object) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(api_settings(tmp_path, "memory://", **overrides))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


async def test_metrics_answer_in_the_prometheus_text_format_without_a_token(
    client: httpx.AsyncClient,
) -> None:
    found = await scrape(client)

    assert found.families >= FAMILIES
    assert found.value("quill_db_pool_connections_in_use", pool="write") >= 0
    assert found.value("quill_ready") == 1


async def test_a_scraper_asking_for_openmetrics_gets_it(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"}
    )

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.endswith("# EOF\n")


async def test_metrics_are_not_in_the_openapi_document(conduit: Conduit) -> None:
    document = await conduit.get_json("/openapi.json")

    assert "/metrics" not in document["paths"]


@pytest.mark.parametrize(
    "overrides", [{"metrics_enabled": False}, {"metrics_port": 9464}], ids=["off", "own-port"]
)
async def test_without_metrics_on_the_api_port_the_path_is_a_404_like_any_unknown_one(
    tmp_path: Path, overrides: dict[str, object]
) -> None:
    async with client_of(tmp_path, **overrides) as client:
        metrics = await client.get("/metrics")
        unknown = await client.get("/no-such-path")

    assert metrics.status_code == unknown.status_code == 404
    assert metrics.content == unknown.content


async def test_refused_logins_are_counted_and_nothing_else_is(
    conduit: Conduit, client: httpx.AsyncClient
) -> None:
    ann = await conduit.register(username="ann")
    before = await scrape(client)

    wrong_password = await login(client, ann.email, "not-" + ann.password)
    unknown_email = await login(client, "nobody@example.com", ann.password)
    incomplete = await client.post("/api/users/login", json={"user": {"email": ann.email}})
    accepted = await login(client, ann.email, ann.password)

    assert [wrong_password, unknown_email, incomplete.status_code, accepted] == [401, 401, 422, 200]
    after = await scrape(client)
    assert delta(before, after, "quill_login_failures_total") == 2


async def test_every_hash_and_verify_is_timed_by_operation(
    conduit: Conduit, client: httpx.AsyncClient
) -> None:
    before = await scrape(client)

    ann = await conduit.register(username="ann")  # one hash
    assert await login(client, ann.email, ann.password) == 200  # one verify
    assert await login(client, "nobody@example.com", ann.password) == 401  # one (decoy) verify

    after = await scrape(client)
    count = "quill_password_hash_duration_seconds_count"
    assert delta(before, after, count, operation="hash") == 1
    assert delta(before, after, count, operation="verify") == 2
    total = "quill_password_hash_duration_seconds_sum"
    assert delta(before, after, total, operation="hash") > 0
    assert delta(before, after, total, operation="verify") > 0
    assert after.value("quill_password_hash_queue_depth") == 0  # every job finished


async def login(client: httpx.AsyncClient, email: str, password: str) -> int:
    body = {"user": {"email": email, "password": password}}
    response = await client.post("/api/users/login", json=body)
    return response.status_code


def delta(before: Scrape, after: Scrape, name: str, **labels: str) -> float:
    return after.value(name, **labels) - before.value(name, **labels)
