"""The RealWorld ("Conduit") surface on ``/api``: routes, their schemas and their error format."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from entrypoints.api.realworld import articles, comments, profiles, users
from entrypoints.api.realworld.errors import install as install_error_handlers
from entrypoints.api.realworld.errors import reject

PREFIX = "/api"
ROUTERS = (users.router, profiles.router, articles.router, articles.tags_router, comments.router)


def include_routes(app: FastAPI) -> None:
    """Add the 19 RealWorld endpoints under ``/api`` as ONE included router: FastAPI matches every
    included router on every request, so five modules' routers would cost five matches."""
    surface = APIRouter()
    for router in ROUTERS:
        surface.routes.extend(router.routes)
    app.include_router(surface, prefix=PREFIX)


__all__ = ["PREFIX", "include_routes", "install_error_handlers", "reject"]
