"""gzip for the clients that ask for it, with Starlette's ``GZipMiddleware``.

A client that does not ask would still pass through that middleware's buffering responder, which
re-derives its settings per request (``bench/README.md``, per-request costs) only to add
``Vary: Accept-Encoding`` to a response large enough to have been compressed. Such a client here
gets that same header, from the start message alone.
"""

from __future__ import annotations

from typing import Final

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Below a KiB, gzip's framing and the CPU spent save next to nothing on the wire.
GZIP_MINIMUM_BYTES: Final = 1024
# On 2 cores CPU is scarcer than bandwidth: on a list page the higher levels cost about half as
# much CPU again for a few percent fewer bytes (bench/README.md, per-request costs).
GZIP_LEVEL: Final = 1
VARY: Final = (b"vary", b"Accept-Encoding")


class Compression:
    """Responses of at least ``minimum_size`` bytes are gzip-compressed at ``level`` for clients
    that send ``Accept-Encoding: gzip``; to those of other clients only ``Vary`` is added, so a
    shared cache keeps the two representations apart. Smaller responses are left as they are."""

    def __init__(self, app: ASGIApp, *, minimum_size: int, level: int) -> None:
        self.app = app
        self._gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=level)
        self._minimum = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        elif _asks_for_gzip(scope["headers"]):
            await self._gzip(scope, receive, send)
        else:
            minimum = self._minimum

            async def send_with_vary(message: Message) -> None:
                if message["type"] == "http.response.start" and _compressible(message, minimum):
                    message["headers"] = [*message.get("headers", ()), VARY]
                await send(message)

            await self.app(scope, receive, send_with_vary)


def _asks_for_gzip(headers: list[tuple[bytes, bytes]]) -> bool:
    # The same test GZipMiddleware makes (a substring of Accept-Encoding), on the raw headers.
    return any(name == b"accept-encoding" and b"gzip" in value for name, value in headers)


def _compressible(start: Message, minimum: int) -> bool:
    """Whether GZipMiddleware would have compressed this response for a client that asked: not a
    partial or already encoded one, and not declared smaller than ``minimum`` (a streamed body
    declares no length and is compressed). Its excluded media types (images, audio, …) are not
    looked at: the API answers none of them."""
    if start["status"] == 206:
        return False
    for name, value in start.get("headers", ()):
        if name == b"content-encoding":
            return False
        if name == b"content-length" and int(value) < minimum:
            return False
    return True
