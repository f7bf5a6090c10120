"""The RealWorld ("Conduit") surface on ``/api``: routes, their schemas and their error format."""

from __future__ import annotations

from fastapi import FastAPI

from entrypoints.api.methods import method_fallbacks
from entrypoints.api.realworld import articles, comments, errors, problems, profiles, users
from entrypoints.api.realworld.errors import internal_error, reject
from entrypoints.api.realworld.paths import PREFIX

# Routes are matched in order: the hot reads (articles, their comments) are tried first.
ROUTERS = (articles.router, comments.router, articles.tags_router, profiles.router, users.router)


def include_routes(app: FastAPI) -> None:
    """Add the 19 RealWorld endpoints (their paths already carry ``PREFIX``) to the app's own
    route list. ``include_router`` would wrap them in an included router, which FastAPI 0.165
    matches twice per request, route by route (``bench/README.md``).

    Each path's ``MethodFallback`` (``HEAD``, ``OPTIONS``, a ``405`` naming every method) goes after
    all of them, so it is looked at only once no route has taken the request."""
    routes = [route for router in ROUTERS for route in router.routes]
    app.router.routes.extend(routes)
    app.router.routes.extend(method_fallbacks(routes))


def install_error_handlers(app: FastAPI) -> None:
    """The surface's one error mapping, with its request-validation part (``problems.py``)."""
    errors.install(app)
    problems.install(app)


__all__ = ["PREFIX", "include_routes", "install_error_handlers", "internal_error", "reject"]
