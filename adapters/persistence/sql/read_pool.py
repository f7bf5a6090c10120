"""The asyncpg connections PostgreSQL's plain reads run on, reused last in, first out.

Measured on the 2-core bench machine, per read of a 20-article page (CPU of the Python process;
the fetch itself costs ~230 µs): SQLAlchemy's pool adds ~280 µs (a greenlet is spawned to check
the connection out and another to check it in), asyncpg's own pool ~200 µs (a shielded task per
release, and first-in-first-out reuse that keeps every connection's socket and caches cold), a
last-in-first-out stack of connections ~10 µs. Reads need nothing else a pool offers: they never
open a transaction or change session state, so a connection goes back as it came.

At most ``size`` connections are open; a caller beyond that waits up to ``timeout`` seconds for
one to come back (``ReadPoolTimeout``), so a burst queues instead of failing. A connection whose
read failed without a server error code (lost connection, cancellation mid-statement) is
terminated rather than reused; the next caller opens a fresh one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

Connect = Callable[[], Awaitable[Any]]


class ReadPoolTimeout(TimeoutError):
    """No read connection came free in time."""


class ReadPool:
    def __init__(self, connect: Connect, *, size: int, timeout: float) -> None:
        if size < 1:
            raise ValueError("a read pool needs room for at least one connection")
        self._connect = connect
        self._timeout = timeout
        self._slots = asyncio.Semaphore(size)
        self._idle: list[Any] = []  # a stack: the most recently used connection is reused first
        self._closed = False

    @classmethod
    def for_dsn(cls, dsn: str, *, size: int, timeout: float, **options: Any) -> ReadPool:
        """Connections made by ``asyncpg.connect(dsn, **options)``."""

        async def connect() -> Any:
            return await asyncpg.connect(dsn, timeout=timeout, **options)

        return cls(connect, size=size, timeout=timeout)

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        if self._closed:
            raise RuntimeError("the read pool is closed")
        await self._take_slot()
        try:
            connection = self._idle.pop() if self._idle else await self._connect()
        except BaseException:
            self._slots.release()
            raise
        reusable = False
        try:
            yield connection
            reusable = True
        except BaseException as error:
            # The server reports a failed statement with a SQLSTATE and the connection stays
            # usable; anything else leaves it in an unknown state.
            reusable = getattr(error, "sqlstate", None) is not None
            raise
        finally:
            if reusable and not self._closed and not connection.is_closed():
                self._idle.append(connection)
            else:
                connection.terminate()
            self._slots.release()

    async def _take_slot(self) -> None:
        if not self._slots.locked():  # the common case: no wait, no timer
            await self._slots.acquire()
            return
        try:
            async with asyncio.timeout(self._timeout):
                await self._slots.acquire()
        except TimeoutError as error:
            raise ReadPoolTimeout(
                f"no read connection came free within {self._timeout:g} s"
            ) from error

    async def close(self) -> None:
        """Close the idle connections now; those in use are closed as they come back."""
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            try:
                await connection.close(timeout=self._timeout)
            except (OSError, asyncpg.PostgresError, TimeoutError):
                connection.terminate()
