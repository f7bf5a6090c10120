"""The orchestrator's probes: ``/healthz`` (the process is up) and ``/readyz`` (send it traffic).

Neither needs auth nor appears in the OpenAPI document: they are for the platform that runs
Quill, not for its clients. Their answers are never cached, and the request middleware keeps them
out of the access log at INFO (``paths.PROBE_PATHS``), since they are called every few seconds.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Final

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from application.ports import Persistence
from entrypoints import lifecycle
from entrypoints.api.methods import MethodFallback
from entrypoints.observability.paths import HEALTHZ, READYZ

# How long the database may take to answer a readiness check before the replica counts as not
# ready (the figure; an orchestrator's probe timeout is usually a little longer).
READINESS_TIMEOUT_SECONDS: Final = 1.0
SHUTTING_DOWN: Final = "shutting down"
TIMED_OUT: Final = f"the database did not answer within {READINESS_TIMEOUT_SECONDS:g} s"

_HEADERS: Final = {"Cache-Control": "no-store"}
_JSON: Final = "application/json"
_ALIVE: Final = b'{"status":"ok"}'
_READY: Final = b'{"status":"ready"}'

logger = logging.getLogger(__name__)


async def healthz(request: Request) -> Response:
    """200 while the process runs its event loop; no I/O, so a slow database never restarts it."""
    return Response(_ALIVE, headers=_HEADERS, media_type=_JSON)


async def readyz(request: Request) -> Response:
    """200 when the database answers in time at the newest schema; 503 with the reason when it
    does not, or once the process is draining."""
    reason = SHUTTING_DOWN if lifecycle.SHUTDOWN.draining else await _unready_reason(request)
    if reason is None:
        return Response(_READY, headers=_HEADERS, media_type=_JSON)
    body = json.dumps({"status": "unavailable", "reason": reason}).encode()
    return Response(body, status_code=503, headers=_HEADERS, media_type=_JSON)


async def _unready_reason(request: Request) -> str | None:
    persistence: Persistence = request.app.state.container.persistence()
    try:
        async with asyncio.timeout(READINESS_TIMEOUT_SECONDS):
            return await persistence.health()
    except TimeoutError:
        return TIMED_OUT
    except Exception as error:  # a probe answers 503, never 500: the reason is the failure's kind
        logger.warning("the readiness check failed", exc_info=True)
        return f"the readiness check failed ({type(error).__name__})"


def include_routes(app: FastAPI) -> None:
    """``GET`` and ``HEAD`` on both probes (no validation, no dependencies), after the API's own
    routes (which are matched first) and before their method fallbacks. FastAPI's routes, not
    Starlette's plain ones: only those name their template in the scope, which the access line
    and the request metrics label by (and which keeps the probes' lines at DEBUG)."""
    routes = app.router.routes
    at = next((i for i, r in enumerate(routes) if isinstance(r, MethodFallback)), len(routes))
    routes[at:at] = [
        APIRoute(HEALTHZ, healthz, methods=["GET", "HEAD"], include_in_schema=False),
        APIRoute(READYZ, readyz, methods=["GET", "HEAD"], include_in_schema=False),
    ]
