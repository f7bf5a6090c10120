"""The request middleware, outermost in the app: the request id, the correlation handed to the use
cases, the HTTP metrics, the access line and the one log event of an unhandled error.

Plain ASGI (``middleware.py`` says why). Per request it reads two headers, binds one context
variable (the correlation, which also gives every log line its request id) and, after the
response, records the metrics and writes one line; everything else (loggers, label children,
header names) is prepared once.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from typing import Any, Final

import structlog
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from application.context import Correlation, bind_correlation, unbind_correlation
from domain.ids import UserId
from entrypoints.observability.access import AccessLog
from entrypoints.observability.http_metrics import IN_FLIGHT, LATENCY, REQUESTS, UNMATCHED_ROUTE
from entrypoints.observability.paths import POLLED_PATHS
from entrypoints.settings import Settings

REQUEST_ID_HEADER: Final = b"x-request-id"
TRACEPARENT_HEADER: Final = b"traceparent"
_SAFE_REQUEST_ID: Final = re.compile(rb"[A-Za-z0-9._:-]{1,128}")
# W3C Trace Context: version-traceid-parentid-flags, lowercase hex; a later version may append
# fields, version ff is forbidden, and all-zero ids are invalid.
_TRACEPARENT: Final = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}(-.*)?")
_ZERO_TRACE, _ZERO_PARENT = "0" * 32, "0" * 16

# Metrics label any other method as OTHER, so a client cannot mint label values.
_METHODS: Final = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# The status recorded when no response was started (the request was cancelled, e.g. the client
# went away): nginx's "client closed request".
NO_RESPONSE: Final = 499

# The per-request record the middleware puts in the scope; auth fills in the verified caller.
OBSERVED_SCOPE_KEY: Final = "quill.observed"


class Observed:
    """What is learnt about a request while it is served, for its access line."""

    __slots__ = ("user_id",)

    def __init__(self) -> None:
        self.user_id: UserId | None = None


def request_id_of(scope: Scope) -> str:
    """The client's ``X-Request-ID`` when it is safe to repeat (at most 128 characters of
    ``[A-Za-z0-9._:-]``), else a new random one."""
    value: bytes
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER:
            if _SAFE_REQUEST_ID.fullmatch(value):
                return value.decode("ascii")
            break
    return os.urandom(16).hex()


def incoming_traceparent(scope: Scope) -> str | None:
    """The request's W3C ``traceparent`` header when it is valid, else ``None``. The one place the
    correlation's trace context comes from."""
    for name, value in scope["headers"]:
        if name == TRACEPARENT_HEADER:
            return valid_traceparent(value.decode("latin-1").strip())
    return None


def valid_traceparent(text: str) -> str | None:
    found = _TRACEPARENT.fullmatch(text)
    if found is None:
        return None
    version, trace_id, parent_id, rest = found.groups()
    if version == "ff" or (version == "00" and rest) or trace_id == _ZERO_TRACE:
        return None
    return None if parent_id == _ZERO_PARENT else text


def route_of(scope: Scope) -> str:
    """The matched route's template (``/api/articles/{slug}``), never the raw path."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


class ObserveMiddleware:
    """See the module docstring. ``server_error`` builds the surface's 500 for an exception that
    reached this far; ``traceparent`` says where the correlation's trace context comes from."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: Settings,
        server_error: Callable[[], Response],
        traceparent: Callable[[Scope], str | None] = incoming_traceparent,
    ) -> None:
        self.app = app
        self._metrics = settings.metrics_enabled
        self._access = settings.access_log
        self._server_error = server_error
        self._traceparent = traceparent
        self._access_log = AccessLog()
        self._error_log = structlog.get_logger("quill.api").bind()
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_of(scope)
        header = (REQUEST_ID_HEADER, request_id.encode("ascii"))
        observed = scope[OBSERVED_SCOPE_KEY] = Observed()
        status = NO_RESPONSE

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        if self._metrics:
            IN_FLIGHT.inc()
        # Every log line written inside gets the request id from this correlation (logs.py).
        bound = bind_correlation(Correlation(request_id, self._traceparent(scope)))
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            self._error_log.error(
                "unhandled error", method=scope["method"], route=route_of(scope), exc_info=True
            )
            # Handled here, not re-raised: the server would log it a second time. Once a
            # response has started there is nothing left to answer but the close.
            if status == NO_RESPONSE:
                await self._server_error()(scope, receive, send_with_id)
        finally:
            try:
                duration = time.perf_counter() - started
                route = route_of(scope)
                if self._metrics:
                    IN_FLIGHT.dec()
                    self._record(scope["method"], route, status, duration)
                if self._access:
                    client = scope.get("client")
                    user_id = observed.user_id
                    self._access_log.write(
                        polled=route in POLLED_PATHS,
                        request_id=request_id,
                        method=scope["method"],
                        route=route,
                        status=status,
                        duration_ms=round(duration * 1000, 3),
                        client=client[0] if client else None,
                        user_id=None if user_id is None else str(user_id),
                    )
            finally:
                unbind_correlation(bound)

    def _record(self, method: str, route: str, status: int, duration: float) -> None:
        key = (method if method in _METHODS else "OTHER", route, status)
        children = self._children.get(key)
        if children is None:  # bounded: methods x route templates x statuses
            labels = (key[0], route, str(status))
            children = self._children[key] = (REQUESTS.labels(*labels), LATENCY.labels(*labels))
        children[0].inc()
        children[1].observe(duration)
