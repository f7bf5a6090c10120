"""``/healthz`` and ``/readyz``: what an orchestrator asks before it restarts a replica or sends
it traffic. How the probes answer does not depend on the adapter, so these run on the memory
adapter (with a stand-in persistence where the database must fail); ``test_readiness.py`` checks
readiness on every adapter."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from dependency_injector import providers
from fastapi import FastAPI

from entrypoints import lifecycle
from entrypoints.api import probes
from entrypoints.observability.paths import PROBE_PATHS
from tests.api.conduit import Conduit

NOT_READY = "the schema is 2 migrations behind"


class FailingHealth:
    """A persistence whose health check answers ``reason``, raises ``error`` or never returns."""

    def __init__(self, *, reason: str | None = None, error: Exception | None = None) -> None:
        self.reason, self.error = reason, error

    async def health(self) -> str | None:
        if self.error is not None:
            raise self.error
        if self.reason is not None:
            return self.reason
        await asyncio.Event().wait()  # the database never answers
        return None


@pytest.fixture
def db_kind() -> str:
    return "memory"


@pytest.fixture
def failing(app: FastAPI) -> Iterator[Any]:
    """``failing(FailingHealth(...))`` makes the app's persistence that one, for this test."""
    provider = app.state.container.persistence

    def use(health: FailingHealth) -> None:
        provider.override(providers.Object(health))

    yield use
    provider.reset_override()


@pytest.fixture
def draining(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle.SHUTDOWN, "draining", True)


def assert_probe_answer(response: httpx.Response, status: int, body: dict[str, str]) -> None:
    assert response.status_code == status, response.text
    assert response.json() == body
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["Cache-Control"] == "no-store"


def unavailable(reason: str) -> dict[str, str]:
    return {"status": "unavailable", "reason": reason}


async def test_healthz_answers_200_without_auth(client: httpx.AsyncClient) -> None:
    assert_probe_answer(await client.get("/healthz"), 200, {"status": "ok"})


async def test_a_bad_token_does_not_matter_to_either_probe(client: httpx.AsyncClient) -> None:
    headers = {"Authorization": "Token not-a-token"}

    assert (await client.get("/healthz", headers=headers)).status_code == 200
    assert (await client.get("/readyz", headers=headers)).status_code == 200


async def test_healthz_does_not_ask_the_database(client: httpx.AsyncClient, failing: Any) -> None:
    failing(FailingHealth())  # a readiness check would hang

    assert_probe_answer(await client.get("/healthz"), 200, {"status": "ok"})


async def test_readyz_answers_503_with_the_reason_the_database_gives(
    client: httpx.AsyncClient, failing: Any
) -> None:
    failing(FailingHealth(reason=NOT_READY))

    assert_probe_answer(await client.get("/readyz"), 503, unavailable(NOT_READY))


async def test_readyz_answers_503_when_the_database_does_not_answer_in_time(
    client: httpx.AsyncClient, failing: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(probes, "READINESS_TIMEOUT_SECONDS", 0.05)  # not a second per run
    failing(FailingHealth())

    assert_probe_answer(await client.get("/readyz"), 503, unavailable(probes.TIMED_OUT))


async def test_a_failing_readiness_check_is_a_503_naming_only_the_failure_kind(
    client: httpx.AsyncClient, failing: Any
) -> None:
    failing(FailingHealth(error=RuntimeError("password=hunter2")))

    response = await client.get("/readyz")

    reason = "the readiness check failed (RuntimeError)"
    assert_probe_answer(response, 503, unavailable(reason))
    assert "hunter2" not in response.text


@pytest.mark.usefixtures("draining")
async def test_readyz_answers_503_while_the_process_drains(client: httpx.AsyncClient) -> None:
    assert_probe_answer(await client.get("/readyz"), 503, unavailable("shutting down"))


@pytest.mark.usefixtures("draining")
async def test_everything_else_is_still_served_while_the_process_drains(
    client: httpx.AsyncClient,
) -> None:
    assert_probe_answer(await client.get("/healthz"), 200, {"status": "ok"})
    assert (await client.get("/api/tags")).status_code == 200


@pytest.mark.parametrize("path", sorted(PROBE_PATHS))
async def test_head_answers_like_get_without_a_body(client: httpx.AsyncClient, path: str) -> None:
    response = await client.head(path)

    assert response.status_code == 200
    assert response.content == b""
    assert response.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", sorted(PROBE_PATHS))
async def test_other_methods_are_refused_with_405_naming_get_and_head(
    client: httpx.AsyncClient, path: str
) -> None:
    response = await client.post(path)

    assert response.status_code == 405
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert allowed == {"GET", "HEAD"}


async def test_the_probes_are_not_part_of_the_api_document(conduit: Conduit) -> None:
    document = await conduit.get_json("/openapi.json")

    assert not PROBE_PATHS & set(document["paths"])


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
async def test_probes_are_counted_under_their_own_route(
    client: httpx.AsyncClient, path: str
) -> None:
    def count(text: str) -> float:
        for line in text.splitlines():
            if line.startswith(
                f'quill_http_requests_total{{method="GET",route="{path}",status="200"}}'
            ):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    before = count((await client.get("/metrics")).text)
    await client.get(path)
    after = count((await client.get("/metrics")).text)

    assert after == before + 1
