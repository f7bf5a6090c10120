"""``GET /metrics`` on the API port, and the lifespan part of metrics: the gauge refresher and,
in multiprocess mode, the worker's goodbye.

The route is left out (a 404 like any unknown path) when metrics are off or served on their own
port (``QUILL_METRICS_PORT``). It needs no token and is not in the OpenAPI document.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from application.ports import Persistence
from entrypoints.api.methods import MethodFallback
from entrypoints.observability.metrics import exposition, mark_process_dead
from entrypoints.observability.paths import METRICS_PATH
from entrypoints.observability.refresher import refreshing
from entrypoints.settings import Settings


async def scrape(request: Request) -> Response:
    body, content_type = exposition(request.headers.get("accept", ""))
    return Response(body, media_type=content_type)


def install(app: FastAPI, settings: Settings) -> None:
    """Add ``/metrics`` after the API's routes (they are matched first) and before the method
    fallbacks (which come after every route)."""
    if not settings.metrics_enabled or settings.metrics_port is not None:
        return
    routes = app.router.routes
    where = next(
        (at for at, route in enumerate(routes) if isinstance(route, MethodFallback)), len(routes)
    )
    # An APIRoute, not a plain Starlette Route: FastAPI names only its own routes in the scope,
    # which is where the request metrics read the route template.
    route = APIRoute(METRICS_PATH, scrape, methods=["GET"], include_in_schema=False)
    routes.insert(where, route)


@asynccontextmanager
async def metrics_lifespan(settings: Settings, persistence: Persistence) -> AsyncIterator[None]:
    """Inside the app's lifespan, once its resources are open: keeps the database-wide gauges
    fresh, and on the way out stops doing so before those resources close."""
    if not settings.metrics_enabled:
        yield
        return
    try:
        async with refreshing(persistence, interval=settings.metrics_refresh_seconds):
            yield
    finally:
        mark_process_dead()
