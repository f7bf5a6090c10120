"""The FastAPI application factory: one app per call, with its own container and lifespan."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata
from typing import Any, Final

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from entrypoints.api import metrics_route, probes, realworld, v1
from entrypoints.api.auth import document_token_scheme
from entrypoints.api.compression import GZIP_LEVEL, GZIP_MINIMUM_BYTES, Compression
from entrypoints.api.middleware import BodySizeLimitMiddleware, SecurityHeadersMiddleware
from entrypoints.api.observe import ObserveMiddleware
from entrypoints.api.state import UseCases
from entrypoints.container import build_container, close_container, instrument, open_container
from entrypoints.observability.logs import configure_logging
from entrypoints.observability.trace_correlation import TraceCorrelationMiddleware
from entrypoints.observability.tracing import configure_tracing, telemetry_config
from entrypoints.settings import Settings

CORS_METHODS = ("GET", "POST", "PUT", "DELETE", "OPTIONS")
CORS_HEADERS = ("Authorization", "Content-Type")
DOCS_URL, REDOC_URL = "/docs", "/redoc"
# The licence pyproject.toml declares, as an SPDX identifier (OpenAPI 3.1 ``license``).
LICENSE: Final = {"name": "MIT", "identifier": "MIT"}


def _version() -> str:
    try:
        return metadata.version("quill")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0+unknown"


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app for ``settings`` (by default read from the environment).

    Lifespan builds the container, opens its resources (database engines), resolves the use cases
    once into ``app.state.use_cases`` and closes the resources on shutdown.
    """
    settings = settings or Settings()
    configure_logging(settings)  # before anything logs, also under a plain `uvicorn …:app`
    tracing = configure_tracing(settings, version=_version())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        container = build_container(settings)
        await open_container(container)
        try:
            if tracing is not None:
                instrument(container, tracing.provider)
            app.state.container = container
            app.state.use_cases = surface.state.use_cases = UseCases.resolve(container)
            surface.state.cursors = container.cursors()
            # Everything built at start-up lives as long as the process: moving it out of the
            # collector's generations keeps each full collection (and the tail latency it adds)
            # proportional to the garbage of requests, not to the size of the app.
            gc.collect()
            gc.freeze()
            async with metrics_route.metrics_lifespan(settings, container.persistence()):
                yield
        finally:
            await close_container(container)
            if tracing is not None:
                tracing.shutdown()

    app = FastAPI(
        title="Quill",
        summary="A publishing API: the RealWorld (Conduit) surface, spec 1.1.0, on /api.",
        version=_version(),
        license_info=LICENSE,
        lifespan=lifespan,
        docs_url=DOCS_URL,
        redoc_url=REDOC_URL,
        # FastAPI's native OpenTelemetry makes the server spans (named by route template).
        telemetry=telemetry_config(tracing),
    )
    app.state.settings = settings
    app.state.tracing = tracing
    # /api/v1 keeps its own routes, errors and document; the main app's spans name its routes.
    surface = v1.create_surface(settings, version=_version(), telemetry=telemetry_config(None))
    app.state.v1 = surface
    realworld.include_routes(app)
    probes.include_routes(app)
    v1.include_surface(app, surface)
    metrics_route.install(app, settings)
    document_token_scheme(app)
    realworld.install_error_handlers(app)
    # Added innermost first: a request meets the request id, access line and metrics, then the
    # security headers, then CORS, then the body cap, then (with tracing) the trace correlation,
    # then compression, which so sees exactly the body the app wrote.
    app.add_middleware(Compression, minimum_size=GZIP_MINIMUM_BYTES, level=GZIP_LEVEL)
    if tracing is not None:  # inside the layer that binds the request's correlation
        app.add_middleware(TraceCorrelationMiddleware)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        reject=realworld.reject,
        surfaces={v1.PREFIX: v1.reject(surface.state.uris)},
    )
    if settings.cors_origins:  # with no origin allowed there is nothing for CORS to add
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=CORS_METHODS,
            allow_headers=CORS_HEADERS,
            max_age=600,
        )
    app.add_middleware(
        SecurityHeadersMiddleware, docs_paths=(DOCS_URL, REDOC_URL, v1.paths.DOCS_URL)
    )
    app.add_middleware(ObserveMiddleware, settings=settings, server_error=realworld.internal_error)
    return app


SURFACES: Final = ("v1", "realworld")


def openapi_document(surface: str, settings: Settings | None = None) -> dict[str, Any]:
    """The OpenAPI document of one surface (``v1`` or ``realworld``), as the app serves it; made
    without opening anything (the lifespan does not run)."""
    if surface not in SURFACES:
        raise ValueError(f"unknown surface {surface!r}; use one of {', '.join(SURFACES)}")
    app = create_app(settings or Settings())
    document: dict[str, Any] = (app.state.v1 if surface == "v1" else app).openapi()
    return document
