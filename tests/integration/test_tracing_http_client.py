"""The outbound HTTP client: timeouts, and every request carrying the X-Request-ID and the W3C
traceparent of the work that sends it; with tracing on, a client span per call whose context is
the traceparent sent."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from adapters.http import HTTP_TIMEOUTS, outbound_client
from application.context import Correlation, correlated
from entrypoints.container import http_client

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class Recorder:
    """A transport that answers 204 and keeps the requests it was sent."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.transport = httpx.MockTransport(self._answer)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(204)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def spans() -> tuple[TracerProvider, InMemorySpanExporter]:
    provider = TracerProvider()
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


async def test_a_request_carries_the_correlation_of_the_work_that_sends_it(
    recorder: Recorder,
) -> None:
    async with outbound_client(transport=recorder.transport) as client:
        with correlated(Correlation("req-42", TRACEPARENT)):
            await client.post("http://receiver.test/hook", json={"ok": True})

    [sent] = recorder.requests
    assert sent.headers["X-Request-ID"] == "req-42"
    assert sent.headers["traceparent"] == TRACEPARENT


async def test_without_a_correlation_no_correlation_header_is_made_up(recorder: Recorder) -> None:
    async with outbound_client(transport=recorder.transport) as client:
        await client.get("http://receiver.test/")

    [sent] = recorder.requests
    assert "X-Request-ID" not in sent.headers
    assert "traceparent" not in sent.headers


async def test_headers_the_caller_set_are_kept(recorder: Recorder) -> None:
    async with outbound_client(transport=recorder.transport) as client:
        with correlated(Correlation("req-42", TRACEPARENT)):
            await client.get("http://receiver.test/", headers={"X-Request-ID": "mine"})

    [sent] = recorder.requests
    assert sent.headers["X-Request-ID"] == "mine"


async def test_every_timeout_is_explicit_and_redirects_are_not_followed() -> None:
    async with outbound_client() as client:
        timeout = client.timeout
        assert timeout == HTTP_TIMEOUTS
        assert None not in (timeout.connect, timeout.read, timeout.write, timeout.pool)
        assert client.follow_redirects is False


async def test_with_tracing_on_each_call_is_a_client_span_whose_context_is_sent(
    recorder: Recorder, spans: tuple[TracerProvider, InMemorySpanExporter]
) -> None:
    provider, exporter = spans
    tracer = provider.get_tracer("tests")
    async with outbound_client(transport=recorder.transport, tracer_provider=provider) as client:
        with correlated(Correlation("req-7", TRACEPARENT)), tracer.start_as_current_span("work"):
            await client.get("http://receiver.test/items")

    [sent] = recorder.requests
    [call] = [s for s in exporter.get_finished_spans() if s.kind is SpanKind.CLIENT]
    [work] = [s for s in exporter.get_finished_spans() if s.name == "work"]
    assert call.context is not None
    assert work.context is not None
    assert call.parent is not None
    assert call.name == "GET"
    assert call.parent.span_id == work.context.span_id
    assert call.context.trace_id == work.context.trace_id
    assert sent.headers["traceparent"] == (
        f"00-{call.context.trace_id:032x}-{call.context.span_id:016x}-{call.context.trace_flags:02x}"
    )
    assert sent.headers["X-Request-ID"] == "req-7"


async def test_with_tracing_on_work_outside_any_span_continues_the_correlations_trace(
    recorder: Recorder, spans: tuple[TracerProvider, InMemorySpanExporter]
) -> None:
    provider, exporter = spans
    async with outbound_client(transport=recorder.transport, tracer_provider=provider) as client:
        with correlated(Correlation("req-8", TRACEPARENT)):  # e.g. a job a request left behind
            await client.get("http://receiver.test/items")

    [call] = exporter.get_finished_spans()
    assert call.context is not None
    assert call.parent is not None
    assert f"{call.context.trace_id:032x}-{call.parent.span_id:016x}" in TRACEPARENT
    [sent] = recorder.requests
    assert sent.headers["traceparent"] == (
        f"00-{call.context.trace_id:032x}-{call.context.span_id:016x}-{call.context.trace_flags:02x}"
    )


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[bytes]]]:
    """A tiny HTTP server on 127.0.0.1 that answers 204 and keeps each request's head."""
    heads: list[bytes] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        heads.append(await reader.readuntil(b"\r\n\r\n"))
        writer.write(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}", heads
    finally:
        server.close()
        await server.wait_closed()


async def test_the_composition_roots_client_sends_both_headers_over_the_network(
    receiver: tuple[str, list[bytes]], spans: tuple[TracerProvider, InMemorySpanExporter]
) -> None:
    url, heads = receiver
    provider, exporter = spans
    async with http_client(provider) as client:
        with correlated(Correlation("req-9", TRACEPARENT)):
            response = await client.get(f"{url}/ping")

    assert response.status_code == 204
    [head] = heads
    [call] = exporter.get_finished_spans()
    assert call.context is not None
    assert call.parent is not None
    assert f"{call.context.trace_id:032x}-{call.parent.span_id:016x}" in TRACEPARENT
    lines = head.decode("latin-1").lower().split("\r\n")
    assert "x-request-id: req-9" in lines
    ids = f"{call.context.trace_id:032x}-{call.context.span_id:016x}-{call.context.trace_flags:02x}"
    assert f"traceparent: 00-{ids}" in lines
