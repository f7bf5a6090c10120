"""A real ``quill serve`` stopped with a request in flight, as an orchestrator stops a replica.

The slow request is an honest one: ``PUT /api/user`` waits on a PostgreSQL row lock this test
holds, so it is provably in flight (PostgreSQL reports its statement waiting on the lock) for as
long as the test wants, and completes once the test lets go.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.e2e.server import Served, quill_process
from tests.support.databases import postgres_base_url, postgres_run_database

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

DRAIN_SECONDS = 2.0
GRACE_SECONDS = 20.0
SETTINGS = {
    "QUILL_SHUTDOWN_DRAIN_SECONDS": str(DRAIN_SECONDS),
    "QUILL_SHUTDOWN_GRACE_SECONDS": str(GRACE_SECONDS),
    # The server's own statement timeout must not cancel the update while the test holds the lock.
    "QUILL_DB_STATEMENT_TIMEOUT_SECONDS": "120",
    "QUILL_ARGON2_TIME_COST": "1",
    "QUILL_ARGON2_MEMORY_KIB": "8",
}
WAIT_SECONDS = 15.0  # the bound on every wait for something the server does
EXIT_SECONDS = DRAIN_SECONDS + GRACE_SECONDS + 10
PASSWORD = "shutdown-password-2024"
BIO = "Written while the server was stopping."


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A migrated PostgreSQL database of this module's own."""
    with postgres_run_database(postgres_base_url()) as url:
        yield url


async def until(what: str, check: Callable[[], Awaitable[bool]], served: Served) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not await check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {WAIT_SECONDS} s: {what}\n{served.log()}")
        await asyncio.sleep(0.05)


async def register(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    user = {"username": username, "email": f"{username}@example.com", "password": PASSWORD}
    response = await client.post("/api/users", json={"user": user})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Token {response.json()['user']['token']}"}


@asynccontextmanager
async def row_locked(database: str, username: str) -> AsyncIterator[asyncpg.Connection[Any]]:
    """The user's row locked FOR UPDATE by a transaction of the test, until the block ends."""
    dsn = make_url(database).set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(dsn, timeout=10)
    try:
        async with connection.transaction():
            await connection.execute(
                "SELECT 1 FROM user_account WHERE username = $1 FOR UPDATE", username
            )
            yield connection
    finally:
        await connection.close()


async def lock_waited_on(connection: asyncpg.Connection[Any]) -> bool:
    waiting = await connection.fetchval(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    return bool(waiting)


def refuses_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


async def exit_code(served: Served) -> int:
    return await asyncio.to_thread(served.process.wait, EXIT_SECONDS)


@pytest.mark.parametrize("workers", [1, 2])
async def test_sigterm_drains_then_lets_the_request_in_flight_finish_and_exits_0(
    database: str, tmp_path: Path, workers: int
) -> None:
    username = f"draining_{workers}"
    with quill_process(database, tmp_path, "--workers", str(workers), **SETTINGS) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=60) as client:
            headers = await register(client, username)
            assert (await client.get("/readyz")).status_code == 200
            async with row_locked(database, username) as lock:
                change = {"user": {"bio": BIO}}
                update = asyncio.create_task(client.put("/api/user", json=change, headers=headers))
                await until("the update waits on the lock", lambda: lock_waited_on(lock), served)

                served.process.send_signal(signal.SIGTERM)

                async def not_ready() -> bool:
                    return (await client.get("/readyz")).status_code == 503

                await until("/readyz answers 503", not_ready, served)
                readiness = await client.get("/readyz")
                served_meanwhile = await client.get("/api/tags")
                await until(
                    "the port refuses new connections",
                    lambda: asyncio.to_thread(refuses_connections, served.port),
                    served,
                )
                assert not update.done()
            response = await update

        assert await exit_code(served) == 0, served.log()
    assert readiness.json() == {"status": "unavailable", "reason": "shutting down"}
    assert served_meanwhile.status_code == 200
    assert response.status_code == 200, response.text
    assert response.json()["user"]["bio"] == BIO
    assert "Traceback" not in served.log()


async def test_sigint_stops_accepting_without_draining(database: str, tmp_path: Path) -> None:
    username = "interrupted"
    long_drain = {**SETTINGS, "QUILL_SHUTDOWN_DRAIN_SECONDS": "600"}  # far past every wait
    with quill_process(database, tmp_path, **long_drain) as served:
        async with httpx.AsyncClient(base_url=served.url, timeout=60) as client:
            headers = await register(client, username)
            async with row_locked(database, username) as lock:
                change = {"user": {"bio": BIO}}
                update = asyncio.create_task(client.put("/api/user", json=change, headers=headers))
                await until("the update waits on the lock", lambda: lock_waited_on(lock), served)

                served.process.send_signal(signal.SIGINT)

                await until(
                    "the port refuses new connections",
                    lambda: asyncio.to_thread(refuses_connections, served.port),
                    served,
                )
                assert not update.done()
            response = await update

        assert await exit_code(served) == 0, served.log()
    assert response.status_code == 200, response.text
