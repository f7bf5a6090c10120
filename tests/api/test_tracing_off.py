"""Tracing off (the default): no provider, no instrumentation, no span while a request runs."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from opentelemetry import trace

from adapters.persistence.sql import SqlDatabase
from entrypoints.observability.trace_correlation import TraceCorrelationMiddleware
from entrypoints.observability.tracing import telemetry_config
from tests.api.conduit import Conduit, persistence_of


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


async def test_with_tracing_off_no_span_is_open_while_a_request_runs_its_statements(
    app: FastAPI, conduit: Conduit
) -> None:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    current: list[trace.Span] = []
    stop = database.observe(lambda _sql: current.append(trace.get_current_span()))
    try:
        author = await conduit.register()
        await conduit.get_json(f"/api/articles/{(await conduit.create_article(author))['slug']}")
    finally:
        stop()

    assert current, "the requests sent no statement"
    assert not any(span.get_span_context().is_valid for span in current)
    assert app.state.tracing is None
    layers: list[object] = [m.cls for m in app.user_middleware]
    assert TraceCorrelationMiddleware not in layers
    # Nothing was installed process-wide either: the API's placeholder provider is still there.
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)


def test_with_tracing_off_fastapi_traces_nothing_and_configures_nothing() -> None:
    config = telemetry_config(None)
    assert config["tracing"] is False
    assert config["metrics"] is False
    assert config["logs"] is False
    assert config["auto_configure"] is False
