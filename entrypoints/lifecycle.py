"""The process's shutdown state, shared by the server that stops it (``entrypoints.cli``) and the
readiness probe that reports it (``entrypoints.api``), which may not import each other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(slots=True)
class Shutdown:
    """``draining`` is set once a stop signal arrives: from then on ``/readyz`` answers 503, so
    load balancers take the replica out of rotation while it keeps serving. A plain attribute: a
    signal handler sets it (no lock a second signal could deadlock on) and nothing clears it in a
    running server."""

    draining: bool = False


SHUTDOWN: Final = Shutdown()
