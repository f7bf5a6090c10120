"""Real PostgreSQL faults for tests: end the backends of the adapters a test made, and only those,
hold a lock that makes their statements wait, and a port where nothing listens."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import asyncpg
from sqlalchemy.engine import make_url


def asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Backends:
    """The server's backends for this database opened since ``watching`` began, but the watcher's
    own: the connections of the adapters the test made meanwhile (each test run has a database of
    its own, so no other run's connections are among them)."""

    def __init__(self, admin: asyncpg.Connection, since: datetime) -> None:
        self._admin = admin
        self._since = since

    @classmethod
    @asynccontextmanager
    async def watching(cls, url: str) -> AsyncIterator[Backends]:
        admin = await asyncpg.connect(asyncpg_dsn(url), timeout=10)
        try:
            yield cls(admin, await admin.fetchval("SELECT clock_timestamp()"))
        finally:
            await admin.close()

    async def pids(self) -> set[int]:
        await self._fresh_statistics()
        rows = await self._admin.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_start >= $1",
            self._since,
        )
        return {row["pid"] for row in rows}

    async def end_all(self) -> set[int]:
        pids = await self.pids()
        await self.end(pids)
        return pids

    async def end(self, pids: set[int]) -> None:
        """Terminate them (``pg_terminate_backend``) and wait until they are gone: termination is
        asynchronous, and a connection still alive would make the test pass for a wrong reason."""
        for pid in pids:
            await self._admin.execute("SELECT pg_terminate_backend($1)", pid)
        await self.wait_gone(pids)

    async def wait_for_lock(self, pids: set[int]) -> None:
        """Until each of them waits for a lock (see ``locking``)."""
        waiting = (
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE pid = any($1::int[]) AND wait_event_type = 'Lock'"
        )
        for _ in range(200):
            await self._fresh_statistics()
            if await self._admin.fetchval(waiting, list(pids)) == len(pids):
                return
            await asyncio.sleep(0.025)
        raise AssertionError(f"backends {sorted(pids)} never waited for a lock")

    async def wait_gone(self, pids: set[int]) -> None:
        for _ in range(200):
            if not pids & await self.pids():
                return
            await asyncio.sleep(0.025)
        raise AssertionError(f"backends {sorted(pids)} did not end")

    async def _fresh_statistics(self) -> None:
        # Inside a transaction (see locking) the server would keep showing its first snapshot.
        await self._admin.execute("SELECT pg_stat_clear_snapshot()")

    @asynccontextmanager
    async def locking(self, *tables: str) -> AsyncIterator[None]:
        """Hold ACCESS EXCLUSIVE locks on ``tables``: every statement on them waits meanwhile."""
        async with self._admin.transaction():
            for table in tables:
                await self._admin.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')
            yield


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port
