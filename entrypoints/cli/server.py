"""``quill migrate`` and ``quill serve``: the database schema and the HTTP server."""

from __future__ import annotations

import asyncio
import os
from typing import Annotated

import structlog
import typer

from entrypoints.cli import serving
from entrypoints.cli._common import container_for, load_settings, reported
from entrypoints.container import (
    database_kind,
    pending_migrations,
    printable_database_url,
    upgrade_database,
)
from entrypoints.observability.logs import configure_logging
from entrypoints.observability.metrics import ServedMetrics
from entrypoints.settings import ConfigurationError, Settings

# Imported by uvicorn (in each worker), never by the CLI: the API and the CLI stay independent.
ASGI_APP = "entrypoints.api.asgi:app"
# A spawned worker answers uvicorn's health check only once it has imported Quill, which takes
# longer than uvicorn's default 5 s on a busy machine (half a minute on a loaded two-core one);
# the worker was then killed and respawned forever.
WORKER_HEALTHCHECK_SECONDS = 60


def migrate() -> None:
    """Upgrade the configured database (QUILL_DATABASE_URL) to the newest schema."""
    settings = load_settings()

    async def run() -> None:
        where = printable_database_url(settings)
        if database_kind(settings.database_url) == "memory":
            typer.echo(f"{where}: an in-memory database has no schema to migrate")
            return
        pending = await pending_migrations(settings)
        if not pending:
            typer.echo(f"{where}: already up to date")
            return
        await upgrade_database(settings)
        typer.echo(f"{where}: applied {len(pending)} migration(s): {', '.join(pending)}")

    with reported(settings):
        asyncio.run(run())


def serve(
    *,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    migrate_first: Annotated[
        bool, typer.Option("--migrate", help="Apply pending migrations before starting.")
    ] = False,
    access_log: Annotated[
        bool | None,
        typer.Option(
            "--access-log/--no-access-log",
            help="Write one log line per request (overrides QUILL_ACCESS_LOG, default on).",
            show_default=False,
        ),
    ] = None,
    proxy_headers: Annotated[
        bool,
        typer.Option(
            "--proxy-headers",
            help="Trust X-Forwarded-* from --forwarded-allow-ips (behind a proxy).",
        ),
    ] = False,
    forwarded_allow_ips: Annotated[
        str, typer.Option(help="Comma-separated proxy addresses trusted for X-Forwarded-*.")
    ] = "127.0.0.1",
    metrics_port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            help="Serve /metrics on this port (same host) instead of the API's; "
            "overrides QUILL_METRICS_PORT.",
        ),
    ] = None,
) -> None:
    """Run the HTTP API with uvicorn, once the settings and the database schema are in order; on
    SIGTERM it drains, then lets the requests in flight finish (QUILL_SHUTDOWN_*_SECONDS)."""
    if access_log is not None:  # each worker's app reads it from the environment it inherits
        os.environ["QUILL_ACCESS_LOG"] = "true" if access_log else "false"
    settings = load_settings()
    configure_logging(settings)
    with reported(settings):
        container_for(settings)
        if workers > 1 and database_kind(settings.database_url) == "memory":
            raise ConfigurationError(
                "memory:// keeps its data inside one process; serve it with --workers 1"
            )
        asyncio.run(prepare_database(settings, migrate=migrate_first))
        metrics = ServedMetrics.start(settings, host=host, port=metrics_port, workers=workers)
    with metrics:
        serving.run(
            ASGI_APP,
            drain_seconds=settings.shutdown_drain_seconds,
            timeout_graceful_shutdown=settings.shutdown_grace_seconds,
            host=host,
            port=port,
            workers=workers,
            loop="uvloop",
            http="httptools",
            lifespan="on",
            proxy_headers=proxy_headers,
            forwarded_allow_ips=forwarded_allow_ips,
            # uvicorn's records reach the root handler configure_logging set up (log_config=None
            # leaves it alone); the request middleware writes the access lines.
            log_config=None,
            access_log=False,
            server_header=False,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        )


async def prepare_database(settings: Settings, *, migrate: bool) -> None:
    """Refuse to serve an outdated schema, or bring it up to date when asked to."""
    pending = await pending_migrations(settings)
    if not pending:
        return
    if not migrate:
        raise ConfigurationError(
            f"the database {printable_database_url(settings)} has {len(pending)} pending "
            f"migration(s) ({', '.join(pending)}); run `quill migrate` first, or pass --migrate "
            "to apply them at start"
        )
    await upgrade_database(settings)
    structlog.get_logger("quill.serve").info("applied migrations", migrations=pending)
