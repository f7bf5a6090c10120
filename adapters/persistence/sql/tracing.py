"""Spans for the SQL statements either path sends: one per statement, text without values.

SQLAlchemy Core's statements are traced by opentelemetry-instrumentation-sqlalchemy's
``EngineTracer`` on this engine alone (its ``SQLAlchemyInstrumentor().instrument()`` would also
patch ``create_engine`` for the whole process, and can run only once per process).

The read pool's statements are traced here, by ``StatementSpans``, around the one asyncpg call
each makes. opentelemetry-instrumentation-asyncpg is not used: it patches ``asyncpg.Connection``
and ``PreparedStatement`` for the whole process, and SQLAlchemy's asyncpg dialect sends its
statements through prepared statements, so every Core statement would be counted twice (and its
BEGIN and COMMIT added as statements).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer
from opentelemetry.instrumentation.sqlalchemy.version import (
    __version__ as sqlalchemy_instrumentation_version,
)
from opentelemetry.metrics import NoOpMeter
from opentelemetry.trace import SpanKind, Status, StatusCode, TracerProvider
from opentelemetry.util.types import AttributeValue
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

TRACER_NAME: Final = "quill.persistence.sql"


def trace_engine(engine: AsyncEngine, provider: TracerProvider) -> None:
    """A span for every statement SQLAlchemy sends on ``engine``, for as long as it lives."""
    tracer = provider.get_tracer(
        "opentelemetry.instrumentation.sqlalchemy", sqlalchemy_instrumentation_version
    )
    # The tracer also counts pool connections in use; Prometheus has those (a meter that drops).
    usage = NoOpMeter(TRACER_NAME).create_up_down_counter("db.client.connections.usage")
    EngineTracer(tracer, engine.sync_engine, usage)  # type: ignore[no-untyped-call]


class StatementSpans:
    """Spans for statements sent straight through asyncpg, with the attributes SQLAlchemy's
    instrumentation gives its own (database, user, server; the statement's text, never its
    parameter values)."""

    __slots__ = ("_attributes", "_tracer")

    def __init__(self, provider: TracerProvider, url: URL) -> None:
        self._tracer = provider.get_tracer(TRACER_NAME)
        attributes: dict[str, AttributeValue] = {"db.system": "postgresql"}
        if url.host:
            attributes["net.peer.name"] = url.host
        if url.port:
            attributes["net.peer.port"] = url.port
        if url.database:
            attributes["db.name"] = url.database
        if url.username:
            attributes["db.user"] = url.username
        self._attributes = attributes

    @contextmanager
    def statement(self, sql: str) -> Iterator[None]:
        words = sql.split(maxsplit=1)
        attributes = {**self._attributes, "db.statement": sql}
        with self._tracer.start_as_current_span(
            words[0] if words else "postgresql",
            kind=SpanKind.CLIENT,
            attributes=attributes,
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                yield
            except Exception as error:
                span.set_status(Status(StatusCode.ERROR, type(error).__qualname__))
                raise
