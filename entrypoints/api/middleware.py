"""Middleware shared by the HTTP surfaces, written as plain ASGI (no ``BaseHTTPMiddleware``, whose
per-request task and stream plumbing would cost more than the work done here)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Final

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

Header = tuple[bytes, bytes]

# The JSON API never serves a document, a script or a frame, so the policy forbids everything.
API_CSP: Final = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# The interactive docs pages load Swagger UI / ReDoc from their CDN and run an inline bootstrap.
DOCS_CSP: Final = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; connect-src 'self'; worker-src blob:; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def security_headers(csp: str = API_CSP) -> tuple[Header, ...]:
    return (
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"content-security-policy", csp.encode("latin-1")),
    )


SECURITY_HEADERS: Final = security_headers()


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (a looser CSP on the docs pages only)."""

    def __init__(self, app: ASGIApp, *, docs_paths: Collection[str] = ()) -> None:
        self.app = app
        self._docs_paths = frozenset(docs_paths)
        self._docs_headers = security_headers(DOCS_CSP)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self._docs_headers if scope["path"] in self._docs_paths else SECURITY_HEADERS

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class _BodyTooLarge(Exception):
    """Raised from ``receive`` when the streamed body passes the cap."""


Reject = Callable[[int, str, str], Response]
"""Builds a surface's error response from (status, field, message)."""


class BodySizeLimitMiddleware:
    """Refuses request bodies larger than ``max_bytes`` with a 413.

    A declared ``Content-Length`` over the cap is refused before the app runs. A chunked body (no
    length declared) is counted as it streams in; once it passes the cap, reading fails, whatever
    the app answers to that failure is dropped, and the 413 is sent instead. A request with
    neither header has no body and passes untouched. ``surfaces`` maps a path prefix to the
    answer of the surface mounted there; any other path is answered by ``reject``.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        reject: Reject,
        surfaces: Mapping[str, Reject] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self._default = reject
        self._surfaces = tuple((surfaces or {}).items())

    def _reject(self, scope: Scope) -> Reject:
        path: str = scope["path"]
        for prefix, reject in self._surfaces:
            if path == prefix or path.startswith(prefix + "/"):
                return reject
        return self._default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared, chunked = _framing(scope)
        if declared is not None:
            if declared < 0:
                await self._reject(scope)(400, "request", "has an invalid Content-Length")(
                    scope, receive, send
                )
            elif declared > self.max_bytes:
                await self._too_large(scope, receive, send)
            else:  # the server keeps the body within the declared length
                await self.app(scope, receive, send)
        elif chunked:
            await self._counting(scope, receive, send)
        else:  # neither header: HTTP/1.1 framing says there is no body
            await self.app(scope, receive, send)

    async def _counting(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        exceeded = started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to the failed read; the 413 replaces it
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await self._too_large(scope, receive, send)

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"is too large (maximum is {self.max_bytes} bytes)"
        await self._reject(scope)(413, "request", message)(scope, receive, send)


def _framing(scope: Scope) -> tuple[int | None, bool]:
    """The declared body length (-1 when it is not a number) and whether the body is chunked."""
    length, chunked = None, False
    for name, value in scope["headers"]:
        if name == b"content-length":
            length = int(value) if value.isdigit() else -1
        elif name == b"transfer-encoding":
            chunked = True
    return length, chunked
