"""What ``QUILL_OTEL_EXPORTER`` sets up: nothing, one JSON line per span on the console stream,
or OTLP over HTTP to ``OTEL_EXPORTER_OTLP_ENDPOINT`` (a collector stand-in on 127.0.0.1)."""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from entrypoints.observability.tracing import Tracing, configure_tracing, telemetry_config
from entrypoints.settings import Settings


def traced(tracing: Tracing | None, name: str) -> Tracing:
    assert tracing is not None
    with tracing.provider.get_tracer("tests").start_as_current_span(name):
        pass
    return tracing


def test_none_sets_up_no_tracing() -> None:
    assert configure_tracing(Settings(otel_exporter="none"), version="1.2.3") is None


def test_console_writes_each_span_as_one_json_line_naming_the_service() -> None:
    stream = io.StringIO()
    settings = Settings(otel_exporter="console", service_name="quill-blue")
    tracing = traced(configure_tracing(settings, version="1.2.3", console=stream), "work")
    tracing.shutdown()  # the batch is written out on shutdown

    [line] = stream.getvalue().splitlines()
    span = json.loads(line)
    assert span["name"] == "work"
    assert span["resource"]["attributes"]["service.name"] == "quill-blue"
    assert span["resource"]["attributes"]["service.version"] == "1.2.3"


class Collector(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[str, str, bytes]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append((self.path, self.headers["Content-Type"], body))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, str, bytes]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Collector)
    Collector.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("OTEL_EXPORTER_OTLP_ENDPOINT", f"http://127.0.0.1:{server.server_port}")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    try:
        yield Collector.received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_otlp_sends_the_spans_over_http_to_the_endpoint_the_environment_names(
    collector: list[tuple[str, str, bytes]],
) -> None:
    settings = Settings(otel_exporter="otlp", service_name="quill-green")
    traced(configure_tracing(settings, version="1.2.3"), "work").shutdown()

    [(path, content_type, body)] = collector
    assert path == "/v1/traces"
    assert content_type == "application/x-protobuf"
    export = ExportTraceServiceRequest.FromString(body)
    [resource_spans] = export.resource_spans
    resource = {a.key: a.value.string_value for a in resource_spans.resource.attributes}
    assert resource["service.name"] == "quill-green"
    assert [s.name for scope in resource_spans.scope_spans for s in scope.spans] == ["work"]


def test_tracing_on_gives_fastapi_the_provider_for_server_spans_only() -> None:
    tracing = configure_tracing(
        Settings(otel_exporter="console"), version="1", console=io.StringIO()
    )
    assert tracing is not None
    config = telemetry_config(tracing)
    assert config["tracing"] is True
    assert config["tracer_provider"] is tracing.provider
    assert config["metrics"] is False
    assert config["logs"] is False
    assert config["operation_spans"] is False
    assert config["auto_configure"] is False
    exclude = config["exclude"]
    assert exclude is not None
    assert exclude({"type": "http", "path": "/readyz"})
    assert not exclude({"type": "http", "path": "/api/articles"})
    tracing.shutdown()
