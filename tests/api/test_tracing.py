"""Traces of the API, exported by the app's own provider to the SDK's in-memory exporter: one
trace holds the server span (named by route template) and a span per SQL statement, on both SQL
paths (SQLAlchemy Core; on PostgreSQL, plain reads straight through asyncpg)."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import select

from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql.tables import outbox_event
from application.context import Correlation, current_correlation
from entrypoints.observability.tracing import Tracing
from entrypoints.settings import Settings
from tests.api.conduit import Conduit, persistence_of
from tests.api.conftest import api_settings, database_url

CALLER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c"
CALLER_SPAN_ID = "b7ad6b7169203331"
CALLER_TRACEPARENT = f"00-{CALLER_TRACE_ID}-{CALLER_SPAN_ID}-01"


@pytest.fixture(params=["sqlite", "postgres"])
def db_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


@pytest.fixture
def settings(db_kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> Settings:
    url = database_url(db_kind, request, tmp_path)
    return api_settings(tmp_path, url, otel_exporter="console")


@pytest.fixture
def spans(app: FastAPI) -> InMemorySpanExporter:
    tracing = app.state.tracing
    assert isinstance(tracing, Tracing)
    exporter = InMemorySpanExporter()
    tracing.provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@dataclass
class Seen:
    """What each statement saw as it was sent: its text, the current span, the correlation."""

    statements: list[str] = field(default_factory=list)
    spans: list[trace.Span] = field(default_factory=list)
    correlations: list[Correlation] = field(default_factory=list)

    def __call__(self, sql: str) -> None:
        self.statements.append(sql)
        self.spans.append(trace.get_current_span())
        self.correlations.append(current_correlation())


@pytest.fixture
async def seen(app: FastAPI) -> AsyncIterator[Seen]:
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    watching = Seen()
    stop = database.observe(watching)
    yield watching
    stop()


def server_span(spans: Sequence[ReadableSpan], name: str) -> ReadableSpan:
    [found] = [s for s in spans if s.kind is SpanKind.SERVER and s.name == name]
    return found


def children(spans: Sequence[ReadableSpan], parent: ReadableSpan) -> list[ReadableSpan]:
    assert parent.context is not None
    return [s for s in spans if s.parent is not None and s.parent.span_id == parent.context.span_id]


def assert_one_span_per_statement(
    spans: Sequence[ReadableSpan], server: ReadableSpan, statements: list[str], system: str
) -> list[ReadableSpan]:
    """Every statement the adapter sent during the request has exactly one span, a child of the
    server span in its trace, with the database system and the statement's text."""
    assert server.context is not None
    database = children(spans, server)
    assert statements, "the request sent no statement"
    assert Counter(s.attributes["db.statement"] for s in database if s.attributes) == Counter(
        statements
    )
    for span in database:
        assert span.kind is SpanKind.CLIENT
        assert span.attributes is not None
        assert span.attributes["db.system"] == system
        assert span.context is not None
        assert span.context.trace_id == server.context.trace_id
    return database


@pytest.fixture
def system(db_kind: str) -> str:
    return {"sqlite": "sqlite", "postgres": "postgresql"}[db_kind]


async def test_a_read_is_one_trace_of_its_server_span_and_a_span_per_statement(
    conduit: Conduit, spans: InMemorySpanExporter, seen: Seen, system: str
) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    spans.clear()
    seen.statements.clear()

    await conduit.get_json(f"/api/articles/{slug}")

    finished = spans.get_finished_spans()
    server = server_span(finished, "GET /api/articles/{slug}")
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/api/articles/{slug}"
    assert server.attributes["http.response.status_code"] == 200
    database = assert_one_span_per_statement(finished, server, seen.statements, system)
    assert server.context is not None
    assert {s.context.trace_id for s in finished if s.context} == {server.context.trace_id}
    if system == "postgresql":  # a plain read: asyncpg straight from the read pool
        assert {s.instrumentation_scope.name for s in database if s.instrumentation_scope} == {
            "quill.persistence.sql"
        }
    # The statement's text has placeholders; the slug it looked for is only a parameter.
    assert all(slug not in str(s.attributes) for s in database)


async def test_a_write_through_sqlalchemy_is_traced_statement_by_statement(
    conduit: Conduit, spans: InMemorySpanExporter, seen: Seen, system: str
) -> None:
    account = await conduit.register()

    finished = spans.get_finished_spans()
    server = server_span(finished, "POST /api/users")
    database = assert_one_span_per_statement(finished, server, seen.statements, system)
    assert any(str(s.attributes["db.statement"]).startswith("INSERT") for s in database)  # type: ignore[index]
    for span in database:
        assert account.email not in str(span.attributes)
        assert account.username not in str(span.attributes)


async def test_an_incoming_traceparent_becomes_the_server_spans_parent(
    conduit: Conduit, spans: InMemorySpanExporter
) -> None:
    response = await conduit.client.get(
        "/api/articles", headers={"traceparent": CALLER_TRACEPARENT}
    )
    assert response.status_code == 200

    server = server_span(spans.get_finished_spans(), "GET /api/articles")
    assert server.context is not None
    assert server.parent is not None
    assert f"{server.context.trace_id:032x}" == CALLER_TRACE_ID
    assert f"{server.parent.span_id:016x}" == CALLER_SPAN_ID
    assert server.parent.is_remote
    # Its statements' spans join the caller's trace too.
    assert all(
        f"{s.context.trace_id:032x}" == CALLER_TRACE_ID
        for s in children(spans.get_finished_spans(), server)
        if s.context
    )


async def test_the_requests_correlation_names_its_server_span(
    conduit: Conduit, spans: InMemorySpanExporter, seen: Seen
) -> None:
    response = await conduit.client.get(
        "/api/articles", headers={"traceparent": CALLER_TRACEPARENT}
    )
    assert response.status_code == 200

    server = server_span(spans.get_finished_spans(), "GET /api/articles")
    assert server.context is not None
    ids = f"{server.context.trace_id:032x}-{server.context.span_id:016x}"
    expected = f"00-{ids}-{server.context.trace_flags:02x}"
    assert seen.correlations
    assert {c.traceparent for c in seen.correlations} == {expected}


async def test_the_events_a_request_records_carry_its_server_spans_traceparent(
    app: FastAPI, conduit: Conduit, spans: InMemorySpanExporter
) -> None:
    await conduit.register()

    server = server_span(spans.get_finished_spans(), "POST /api/users")
    assert server.context is not None
    ids = f"{server.context.trace_id:032x}-{server.context.span_id:016x}"
    database = await persistence_of(app)
    assert isinstance(database, SqlDatabase)
    async with database.engine.connect() as connection:
        stamped = (await connection.execute(select(outbox_event.c.traceparent))).scalars().all()
    assert stamped
    assert set(stamped) == {f"00-{ids}-{server.context.trace_flags:02x}"}


async def test_a_path_no_route_matches_is_named_by_its_method_alone(
    conduit: Conduit, spans: InMemorySpanExporter
) -> None:
    response = await conduit.client.get("/api/no-such-thing/12345")
    assert response.status_code == 404

    [server] = [s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER]
    assert server.name == "GET"  # never the raw path: span names stay few
