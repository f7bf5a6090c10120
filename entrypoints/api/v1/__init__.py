"""Quill's own API on ``/api/v1``: a FastAPI sub-application with its own routes, error mapping
(RFC 9457 problems everywhere under the prefix, unknown paths included) and OpenAPI document.

``Surface`` is the one route of the main app that hands every path under the prefix to it,
unchanged: the sub-application's routes carry the full path, so the request middleware's access
lines, metrics and trace spans name them by their full template (``/api/v1/profiles/{username}``).
It sits after every ``/api`` route, which so costs nothing more, and before their method
fallbacks, which stay last (``methods.py``)."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from starlette.routing import BaseRoute, Match
from starlette.types import Receive, Scope, Send

from entrypoints.api.methods import MethodFallback, method_fallbacks
from entrypoints.api.v1 import accounts, document, errors, pages, profiles
from entrypoints.api.v1.paths import DOCS_URL, OPENAPI_URL, PREFIX, Uris
from entrypoints.api.v1.problems import Problem
from entrypoints.settings import Settings

ROUTERS = (profiles.router, accounts.router, pages.router)


def create_surface(settings: Settings, *, version: str, **app_options: Any) -> FastAPI:
    surface = FastAPI(
        title="Quill API",
        summary="Quill's own versioned API: accounts, profiles and more, with RFC 9457 errors.",
        version=version,
        openapi_url=OPENAPI_URL,
        docs_url=DOCS_URL if settings.docs else None,
        redoc_url=None,
        **app_options,
    )
    surface.state.settings = settings
    surface.state.uris = Uris(settings.public_url)
    routes = [route for router in ROUTERS for route in router.routes]
    surface.router.routes.extend(routes)
    surface.router.routes.extend(method_fallbacks(routes))
    document.install(surface)
    errors.install(surface)
    return surface


class Surface(BaseRoute):
    """Every request whose path is the prefix or under it goes to ``app`` as it is."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self.path = PREFIX

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and (path == PREFIX or path.startswith(PREFIX + "/")):
            return Match.FULL, {}
        return Match.NONE, {}

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


def include_surface(app: FastAPI, surface: FastAPI) -> None:
    """Add the ``Surface`` of ``surface`` to ``app``'s routes, after its real routes."""
    routes = app.router.routes
    at = next((i for i, r in enumerate(routes) if isinstance(r, MethodFallback)), len(routes))
    routes.insert(at, Surface(surface))


def reject(uris: Uris) -> Any:
    """The body cap's answer under ``/api/v1``: a problem (413, or 400 for a bad length)."""

    def answer(status: int, _field: str, message: str) -> Problem:
        name = "payload-too-large" if status == 413 else "malformed-request"
        return Problem(name, f"the body {message}", uris=uris)

    return answer


__all__ = ["PREFIX", "Surface", "create_surface", "include_surface", "reject"]
