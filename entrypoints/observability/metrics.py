"""Prometheus exposition: what one scrape reads, and where ``quill serve`` exposes it.

Under ``quill serve --workers N`` every worker writes its metrics to files in a private folder
(prometheus-client's multiprocess mode, ``PROMETHEUS_MULTIPROC_DIR``) and a scrape, answered by
any worker or by the ``--metrics-port`` server in the parent, merges them all. That mode has no
callback gauges or custom collectors, so every gauge is set by the code that changes it, and says
how workers combine (``multiprocess_mode``). prometheus-client picks its storage when it is first
imported, so the folder is named in the environment before uvicorn spawns the workers (fresh
interpreters, which inherit it).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from threading import Thread
from types import TracebackType
from typing import Final
from wsgiref.simple_server import WSGIServer

from prometheus_client import REGISTRY, CollectorRegistry, multiprocess, start_http_server
from prometheus_client.exposition import choose_encoder

from entrypoints.observability.paths import METRICS_PATH
from entrypoints.settings import ConfigurationError, Settings

MULTIPROCESS_DIR_ENV: Final = "PROMETHEUS_MULTIPROC_DIR"
METRICS_PORT_ENV: Final = "QUILL_METRICS_PORT"


def scrape_registry() -> CollectorRegistry:
    """This process's registry, or one merging every worker's files in multiprocess mode."""
    folder = os.environ.get(MULTIPROCESS_DIR_ENV)
    if not folder:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
    return registry


def exposition(accept: str) -> tuple[bytes, str]:
    """The scrape body and its content type, in the format ``accept`` asks for (Prometheus text
    by default, OpenMetrics when asked)."""
    encode, content_type = choose_encoder(accept)
    return encode(scrape_registry()), content_type


def mark_process_dead() -> None:
    """A worker that stops takes its live gauges (in-flight requests, pool connections) out of
    the sums; its counters stay, as counters must."""
    folder = os.environ.get(MULTIPROCESS_DIR_ENV)
    if folder:
        multiprocess.mark_process_dead(os.getpid(), folder)  # type: ignore[no-untyped-call]


class ServedMetrics:
    """What ``quill serve`` sets up around uvicorn: the multiprocess folder for several workers,
    and the ``/metrics`` server on its own port; undone (folder removed, environment restored)
    on exit. ``start`` does the work, so a port already taken fails before uvicorn starts."""

    def __init__(self) -> None:
        self._saved_env: dict[str, str | None] = {}
        self._folder: str | None = None
        self._server: WSGIServer | None = None
        self._thread: Thread | None = None

    @classmethod
    def start(
        cls, settings: Settings, *, host: str, port: int | None, workers: int
    ) -> ServedMetrics:
        served = cls()
        if not settings.metrics_enabled:
            return served
        port = settings.metrics_port if port is None else port
        try:
            if workers > 1:
                served._folder = tempfile.mkdtemp(prefix="quill-metrics-")
                served._set_env(MULTIPROCESS_DIR_ENV, served._folder)
            if port is not None:
                served._set_env(METRICS_PORT_ENV, str(port))  # the workers then leave it out
                served._listen(host, port)
        except BaseException:
            served.close()
            raise
        return served

    def _set_env(self, name: str, value: str) -> None:
        self._saved_env.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    def _listen(self, host: str, port: int) -> None:
        try:
            self._server, self._thread = start_http_server(
                port, addr=host, registry=scrape_registry()
            )
        except OSError as error:
            raise ConfigurationError(
                f"cannot serve {METRICS_PATH} on {host}:{port}: {error.strerror or error}; "
                "choose another --metrics-port (or QUILL_METRICS_PORT)"
            ) from None

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved_env.clear()
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def __enter__(self) -> ServedMetrics:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
