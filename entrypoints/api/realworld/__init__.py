"""The RealWorld ("Conduit") surface on ``/api``: routes, their schemas and their error format."""

from __future__ import annotations

from fastapi import FastAPI

from entrypoints.api.realworld import articles, comments, profiles, users
from entrypoints.api.realworld.errors import install as install_error_handlers
from entrypoints.api.realworld.errors import reject

PREFIX = "/api"
ROUTERS = (users.router, profiles.router, articles.router, articles.tags_router, comments.router)


def include_routes(app: FastAPI) -> None:
    """Add the 19 RealWorld endpoints under ``/api`` (each module's router straight onto the app:
    every level of nested routers is matched again on every request)."""
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)


__all__ = ["PREFIX", "include_routes", "install_error_handlers", "reject"]
