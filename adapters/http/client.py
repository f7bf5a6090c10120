"""The outbound HTTP client: explicit timeouts, and every request tied to what caused it.

Each request carries the ``X-Request-ID`` and the W3C ``traceparent`` of the work that sends it
(``application.context``), so the receiver can follow it back. With tracing off the
``traceparent`` sent is the correlation's own. With tracing on the client records a span per
call (opentelemetry-instrumentation-httpx's transport) and sends that span's ``traceparent``; the
span is a child of the current span or, in work no span of this process covers (a job run later
because of a request), of the correlation's ``traceparent``, so the trace goes on either way.
An ``X-Request-ID`` the caller set is kept.
"""

from __future__ import annotations

from types import TracebackType
from typing import Final

import httpx
from opentelemetry import context, trace
from opentelemetry.instrumentation.httpx import AsyncOpenTelemetryTransport
from opentelemetry.trace import TracerProvider
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from application.context import current_correlation

REQUEST_ID_HEADER: Final = "X-Request-ID"
TRACEPARENT_HEADER: Final = "traceparent"
# Seconds. Nothing Quill calls should take long: a slow receiver must not hold a worker.
HTTP_TIMEOUTS: Final = httpx.Timeout(connect=3.0, read=10.0, write=10.0, pool=5.0)
_W3C: Final = TraceContextTextMapPropagator()


def outbound_client(
    *,
    timeouts: httpx.Timeout = HTTP_TIMEOUTS,
    tracer_provider: TracerProvider | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> httpx.AsyncClient:
    """A client for outbound calls (close it with ``aclose``). ``tracer_provider``: record a
    span per call there (tracing on). ``transport``: where requests go (a real connection pool
    by default)."""
    sender = transport or httpx.AsyncHTTPTransport()
    if tracer_provider is not None:
        sender = AsyncOpenTelemetryTransport(sender, tracer_provider=tracer_provider)
    return httpx.AsyncClient(
        transport=_CorrelatingTransport(sender, traced=tracer_provider is not None),
        timeout=timeouts,
        follow_redirects=False,
    )


class _CorrelatingTransport(httpx.AsyncBaseTransport):
    """Stamps the correlation's headers, then hands the request to the (tracing) transport."""

    def __init__(self, inner: httpx.AsyncBaseTransport, *, traced: bool) -> None:
        self._inner = inner
        self._traced = traced

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        correlation = current_correlation()
        headers = request.headers
        if correlation.request_id is not None and REQUEST_ID_HEADER not in headers:
            headers[REQUEST_ID_HEADER] = correlation.request_id
        traceparent = correlation.traceparent
        if traceparent is None:
            return await self._inner.handle_async_request(request)
        if not self._traced:
            headers.setdefault(TRACEPARENT_HEADER, traceparent)
            return await self._inner.handle_async_request(request)
        if trace.get_current_span().get_span_context().is_valid:
            return await self._inner.handle_async_request(request)
        token = context.attach(_W3C.extract({TRACEPARENT_HEADER: traceparent}))
        try:
            return await self._inner.handle_async_request(request)
        finally:
            context.detach(token)

    async def __aenter__(self) -> _CorrelatingTransport:
        await self._inner.__aenter__()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self._inner.__aexit__(exc_type, exc_value, traceback)

    async def aclose(self) -> None:
        await self._inner.aclose()
