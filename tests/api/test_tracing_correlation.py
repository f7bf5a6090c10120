"""The trace-correlation layer: inside a span, the work of a request sees a correlation that keeps
the request id bound outside and names the current span; outside any span it changes nothing."""

from __future__ import annotations

from opentelemetry.sdk.trace import TracerProvider
from starlette.types import Message, Receive, Scope, Send

from application.context import Correlation, correlated, current_correlation
from entrypoints.observability.trace_correlation import (
    TraceCorrelationMiddleware,
    current_traceparent,
)

INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
SCOPE: Scope = {"type": "http", "method": "GET", "path": "/", "headers": []}


async def receive() -> Message:
    return {"type": "http.request", "body": b""}


async def send(_message: Message) -> None:
    pass


async def seen_by_the_app(layer_of: type[TraceCorrelationMiddleware]) -> list[Correlation]:
    seen: list[Correlation] = []

    async def app(_scope: Scope, _receive: Receive, _send: Send) -> None:
        seen.append(current_correlation())

    await layer_of(app)(SCOPE, receive, send)
    return seen


async def test_inside_a_span_the_correlation_keeps_its_request_id_and_names_the_span() -> None:
    tracer = TracerProvider().get_tracer("tests")
    with (
        correlated(Correlation("req-1", INCOMING)),
        tracer.start_as_current_span("server") as span,
    ):
        [seen] = await seen_by_the_app(TraceCorrelationMiddleware)
        context = span.get_span_context()
    ids = f"{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"
    assert seen == Correlation("req-1", f"00-{ids}")
    assert current_correlation() == Correlation()  # restored once the request is done


async def test_outside_any_span_the_correlation_is_left_as_bound() -> None:
    with correlated(Correlation("req-2", INCOMING)):
        [seen] = await seen_by_the_app(TraceCorrelationMiddleware)
    assert seen == Correlation("req-2", INCOMING)
    assert current_traceparent() is None
