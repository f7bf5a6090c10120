"""The draining server's decisions, one signal at a time, without serving (the real process is in
``tests/e2e/test_shutdown.py``): SIGTERM drains first, a second SIGTERM or SIGINT stops at once."""

from __future__ import annotations

import asyncio
import signal

import pytest

from entrypoints import lifecycle
from entrypoints.cli.serving import DrainingServer, DrainingWorker, ServingConfig

APP = "entrypoints.api.asgi:app"
LONG_DRAIN = 3600.0  # never over while a test looks


@pytest.fixture(autouse=True)
def not_draining(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts with a process that has not been asked to stop, and leaves it so."""
    monkeypatch.setattr(lifecycle.SHUTDOWN, "draining", False)


def a_server(drain_seconds: float = LONG_DRAIN) -> DrainingServer:
    # log_config=None: building the config leaves the test process's logging alone.
    return DrainingServer(ServingConfig(APP, drain_seconds=drain_seconds, log_config=None))


async def test_sigterm_marks_the_process_draining_and_keeps_it_serving() -> None:
    server = a_server()

    server.handle_exit(signal.SIGTERM, None)

    assert lifecycle.SHUTDOWN.draining
    assert not server.should_exit
    assert await server.on_tick(1) is False


async def test_the_server_stops_once_the_drain_is_over() -> None:
    server = a_server(drain_seconds=0.001)
    server.handle_exit(signal.SIGTERM, None)
    assert server.drain_ends is not None
    for _ in range(10_000):  # bounded: ten seconds at most
        if await server.on_tick(1):
            break
        await asyncio.sleep(0.001)

    assert server.should_exit
    assert not server.force_exit


def test_without_a_drain_sigterm_stops_at_once() -> None:
    server = a_server(drain_seconds=0)

    server.handle_exit(signal.SIGTERM, None)

    assert server.should_exit
    assert lifecycle.SHUTDOWN.draining


def test_a_second_sigterm_ends_the_drain() -> None:
    server = a_server()
    server.handle_exit(signal.SIGTERM, None)

    server.handle_exit(signal.SIGTERM, None)

    assert server.should_exit
    assert not server.force_exit


def test_sigint_stops_without_draining() -> None:
    server = a_server()

    server.handle_exit(signal.SIGINT, None)

    assert server.should_exit
    assert server.drain_ends is None
    assert lifecycle.SHUTDOWN.draining  # /readyz tells the truth while it stops


def test_sigint_during_the_drain_stops_at_once() -> None:
    server = a_server()
    server.handle_exit(signal.SIGTERM, None)

    server.handle_exit(signal.SIGINT, None)

    assert server.should_exit


def test_a_second_sigint_forces_the_exit_as_uvicorn_does() -> None:
    server = a_server()
    server.handle_exit(signal.SIGINT, None)

    server.handle_exit(signal.SIGINT, None)

    assert server.force_exit


def test_a_worker_of_the_supervisor_serves_with_a_draining_server() -> None:
    config = ServingConfig(APP, drain_seconds=2.5, workers=2, log_config=None)

    worker = DrainingWorker(config, sockets=[])  # not started: no process is spawned

    try:
        assert isinstance(worker.server, DrainingServer)
        assert worker.server.drain_seconds == 2.5
    finally:
        worker.parent_conn.close()
        worker.child_conn.close()
