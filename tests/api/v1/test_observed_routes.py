"""The request middleware and the tracing name v1 routes by their full template, never the raw
path: access lines, metrics (``test_problems.py``) and server spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi import FastAPI
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from entrypoints.observability.tracing import Tracing
from entrypoints.settings import Settings
from tests.api.conftest import api_settings
from tests.api.v1.conftest import V1


@pytest.fixture
def db_kind() -> str:
    return "memory"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return api_settings(tmp_path, "memory://", otel_exporter="console")


async def test_server_spans_are_named_by_the_full_route_template(app: FastAPI, v1: V1) -> None:
    tracing = app.state.tracing
    assert isinstance(tracing, Tracing)
    exporter = InMemorySpanExporter()
    tracing.provider.add_span_processor(SimpleSpanProcessor(exporter))

    await v1.client.get("/api/v1/profiles/somebody")

    [server] = [span for span in exporter.get_finished_spans() if span.kind is SpanKind.SERVER]
    assert server.name == "GET /api/v1/profiles/{username}"
    assert (server.attributes or {})["http.route"] == "/api/v1/profiles/{username}"


async def test_access_lines_name_the_full_route_template(
    v1: V1, capsys: pytest.CaptureFixture[str]
) -> None:
    await v1.client.get("/api/v1/profiles/somebody")

    lines = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")
    ]
    [access] = [line for line in lines if line.get("event") == "request"]
    assert access["route"] == "/api/v1/profiles/{username}"
