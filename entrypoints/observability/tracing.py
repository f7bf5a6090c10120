"""Traces with the OpenTelemetry SDK: off unless ``QUILL_OTEL_EXPORTER`` names an exporter.

Off (``none``) means nothing at all: no provider, no instrumentation, no work per request.
``console`` writes each finished span as one JSON line to stdout; ``otlp`` sends them over HTTP
to ``OTEL_EXPORTER_OTLP_ENDPOINT`` (read by the exporter itself, like the other standard
``OTEL_EXPORTER_OTLP_*`` variables). Either way a batch processor exports off the event loop.

The provider is passed explicitly to everything that makes spans (FastAPI's native telemetry,
the SQL adapters, the outbound HTTP client) and never becomes OpenTelemetry's global provider:
that one can be set only once per process, so each app (and each test) keeps its own.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any, TextIO

from fastapi.telemetry import TelemetryConfig
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, SERVICE_VERSION, Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter

from entrypoints.observability.paths import POLLED_PATHS
from entrypoints.settings import Settings


@dataclass(frozen=True, slots=True)
class Tracing:
    """The process's tracer provider; ``shutdown`` exports what is still buffered and stops."""

    provider: TracerProvider

    def shutdown(self) -> None:
        self.provider.shutdown()


def configure_tracing(
    settings: Settings, *, version: str, console: TextIO | None = None
) -> Tracing | None:
    """The tracing the settings ask for, or ``None`` when ``otel_exporter`` is ``none``.
    ``console`` is the stream of the console exporter (stdout by default)."""
    exporter: SpanExporter
    if settings.otel_exporter == "none":
        return None
    if settings.otel_exporter == "console":
        exporter = ConsoleSpanExporter(out=console or sys.stdout, formatter=_json_line)
    else:
        exporter = OTLPSpanExporter()
    resource = Resource.create({SERVICE_NAME: settings.service_name, SERVICE_VERSION: version})
    # Shut down by the app's lifespan, not by an exit hook that would keep every provider alive.
    provider = TracerProvider(resource=resource, shutdown_on_exit=False)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    return Tracing(provider)


def telemetry_config(tracing: Tracing | None) -> TelemetryConfig:
    """FastAPI's native telemetry: server spans with our provider when tracing is on. Its metrics
    and logs stay off (Prometheus and structlog cover them), and so do its per-operation spans
    (dependencies, endpoint, serialization): three more spans per request for little insight."""
    if tracing is None:
        # Even disabled signals are checked against the global providers on every request.
        return {"tracing": False, "metrics": False, "logs": False, "auto_configure": False}
    return {
        "tracing": True,
        "tracer_provider": tracing.provider,
        "metrics": False,
        "logs": False,
        "operation_spans": False,
        "auto_configure": False,
        "exclude": _untraced,
    }


def _untraced(scope: MutableMapping[str, Any]) -> bool:
    return scope.get("path") in POLLED_PATHS


def _json_line(span: ReadableSpan) -> str:
    # One line per span, so span lines and JSON log lines on stdout stay one document per line.
    return f"{span.to_json(indent=None)}\n"
