"""uvicorn, stopped the way an orchestrator expects: drain, then grace, then close.

On SIGTERM the server first drains: ``/readyz`` answers 503 (``entrypoints.lifecycle.SHUTDOWN``)
while every request, new connections included, is still served, for ``drain_seconds``, so that
load balancers stop sending traffic before anything is refused. Then uvicorn's own shutdown runs:
it stops accepting, gives the requests in flight ``timeout_graceful_shutdown`` seconds to finish,
and runs the app's lifespan shutdown (which closes the container: pools, connections, threads).

A second SIGTERM ends the drain at once, and SIGINT (Ctrl-C) skips it: a developer at a terminal
does not wait for load balancers. Under ``--workers N`` the supervisor forwards SIGTERM to every
worker, and each drains.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
import sys
import time
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors import multiprocess

from entrypoints import lifecycle

logger = logging.getLogger("uvicorn.error")


class ServingConfig(uvicorn.Config):
    """uvicorn's configuration plus the drain: the configuration is what reaches each worker."""

    def __init__(self, app: str, *, drain_seconds: float, **options: Any) -> None:
        super().__init__(app, **options)
        self.drain_seconds = drain_seconds


class DrainingServer(uvicorn.Server):
    """A uvicorn server whose SIGTERM drains before uvicorn's graceful shutdown begins."""

    def __init__(self, config: ServingConfig) -> None:
        super().__init__(config)
        self.drain_seconds = config.drain_seconds
        self.drain_ends: float | None = None  # on the monotonic clock, once SIGTERM arrived
        self._told = False

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        lifecycle.SHUTDOWN.draining = True
        if sig != signal.SIGTERM:
            super().handle_exit(sig, frame)  # SIGINT: stop now; a second one forces the exit
        elif self.drain_ends is None and not self.should_exit and self.drain_seconds > 0:
            self.drain_ends = time.monotonic() + self.drain_seconds
        else:
            # Not recorded among uvicorn's captured signals: after a graceful stop the process
            # exits 0 instead of raising SIGTERM against itself again.
            self.should_exit = True

    async def on_tick(self, counter: int) -> bool:
        if self.drain_ends is not None:
            if not self._told:  # logged here, not in the signal handler, which may interrupt a log
                self._told = True
                logger.info("Draining for %g s: /readyz answers 503", self.drain_seconds)
            if time.monotonic() >= self.drain_ends:
                self.should_exit = True
        return await super().on_tick(counter)


class DrainingWorker(multiprocess.Process):
    """A worker process of the supervisor, serving with a ``DrainingServer``."""

    @property
    def server(self) -> uvicorn.Server:
        if self._server is None:
            assert isinstance(self.config, ServingConfig)
            self._server = DrainingServer(self.config)
        return self._server


def run(app: str, *, drain_seconds: float, **options: Any) -> None:
    """Serve ``app`` (an import string) as ``uvicorn.run(app, **options)`` would, with draining
    servers: one in this process, or one per worker under the supervisor."""
    config = ServingConfig(app, drain_seconds=drain_seconds, **options)
    try:
        if config.workers > 1:
            _supervise(config, config.bind_socket())
            return
        config.load_app()  # as uvicorn.run does: an app that cannot be imported fails here
        server = DrainingServer(config)
        with contextlib.suppress(KeyboardInterrupt):  # SIGINT, raised again once stopped
            server.run()
        if not server.started:
            sys.exit(STARTUP_FAILURE)
    finally:
        if config.uds and os.path.exists(config.uds):
            os.remove(config.uds)


class Supervisor(multiprocess.Multiprocess):
    """uvicorn's supervisor of ``--workers N``: on SIGTERM it forwards the signal to every worker
    and waits for them all."""

    def terminate_all(self) -> None:
        super().terminate_all()
        # Each worker holds its own copy of the listening socket and keeps accepting while it
        # drains; once the last one closes its copy the port refuses connections, instead of
        # queueing them on this process's copy for nobody to answer.
        for sock in self.sockets:
            sock.close()


def _supervise(config: ServingConfig, sock: socket.socket) -> None:
    # uvicorn's supervisor makes every worker (at start, after a crash, on SIGHUP and SIGTTIN) as
    # its module's ``Process``, whose server is a plain Server, and offers no hook for the server
    # class: that name points at the draining worker instead, in this supervising process only.
    multiprocess.Process = DrainingWorker  # type: ignore[misc]
    Supervisor(config, sockets=[sock]).run()
