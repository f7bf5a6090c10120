"""The methods of a path as a whole: ``405`` answers that name every method the path supports,
``HEAD`` on every ``GET`` route and ``OPTIONS``.

Each route handles one method, and Starlette's own ``405`` names only the methods of the first
route whose path matched (``PATCH /api/user`` said ``Allow: GET`` although ``PUT`` works there).
``method_fallbacks`` builds one extra route per path, to be appended after every real route: a
request whose method has a route is served before a fallback is ever looked at, so the routes
people call cost nothing more; only a request that no route took in full reaches its path's
fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from starlette.exceptions import HTTPException
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Message, Receive, Scope, Send

# The order methods are listed in ``Allow``: reads first, then writes.
_ORDER: Final = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allow(methods: Iterable[str]) -> str:
    found = set(methods)
    if "GET" in found:
        found.add("HEAD")
    found.add("OPTIONS")
    known = [method for method in _ORDER if method in found]
    return ", ".join(known + sorted(found - set(_ORDER)))


class MethodFallback(BaseRoute):
    """Every method of one path that its routes do not serve themselves: ``HEAD`` is answered by
    the ``GET`` route without the body, ``OPTIONS`` with ``204`` and ``Allow``, anything else is a
    ``405`` (an ``HTTPException``, so the surface's error handler writes it) with ``Allow``."""

    def __init__(self, path: str, routes: Sequence[Route]) -> None:
        self.path = path
        self._route = routes[0]  # they share the path: any of them tells whether it matches
        self._get = next((route for route in routes if "GET" in (route.methods or ())), None)
        self.allow = _allow(method for route in routes for method in route.methods or ())
        # The router puts it in the scope: metrics and the access line then name this path's
        # template for its 405s, HEADs and OPTIONS, as FastAPI's own routes do for theirs.
        self._child_scope: Scope = {"route": self}

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and self._route.matches(scope)[0] is not Match.NONE:
            return Match.FULL, self._child_scope
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        if method == "HEAD" and self._get is not None:
            await self._head(self._get, scope, receive, send)
        elif method == "OPTIONS":
            headers = [(b"allow", self.allow.encode("latin-1")), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
        else:
            raise HTTPException(status_code=405, headers={"Allow": self.allow})

    @staticmethod
    async def _head(route: Route, scope: Scope, receive: Receive, send: Send) -> None:
        """The ``GET`` answer (status and headers, ``Content-Length`` included) without its body,
        whatever the server does with a body sent to a ``HEAD``."""
        _, child_scope = route.matches(scope)  # PARTIAL (the method differs), with the params
        scope.update(child_scope)

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await route.app(scope, receive, headers_only)


def method_fallbacks(routes: Iterable[BaseRoute]) -> list[MethodFallback]:
    """One fallback per distinct path of ``routes``, in their order."""
    by_path: dict[str, list[Route]] = {}
    for route in routes:
        if isinstance(route, Route):
            by_path.setdefault(route.path, []).append(route)
    return [MethodFallback(path, same) for path, same in by_path.items()]
