"""The request's ``Correlation`` names its server span, when tracing is on.

The request middleware binds ``Correlation(request_id, traceparent=<the incoming header>)``.
FastAPI's server span wraps the whole middleware stack, so inside it this layer rebinds the
correlation with the server span's own ``traceparent``: the events the request records then name
the span (and the trace) that caused them. Installed only when tracing is on.
"""

from __future__ import annotations

from opentelemetry import trace
from starlette.types import ASGIApp, Receive, Scope, Send

from application.context import Correlation, correlated, current_correlation


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the current span, or ``None`` outside any (valid) span."""
    context = trace.get_current_span().get_span_context()
    if not context.is_valid:
        return None
    return f"00-{context.trace_id:032x}-{context.span_id:016x}-{context.trace_flags:02x}"


class TraceCorrelationMiddleware:
    """Plain ASGI; place it inside the middleware that binds the request's correlation."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        traceparent = current_traceparent() if scope["type"] == "http" else None
        if traceparent is None:
            await self.app(scope, receive, send)
            return
        bound = current_correlation()
        with correlated(Correlation(bound.request_id, traceparent)):
            await self.app(scope, receive, send)
