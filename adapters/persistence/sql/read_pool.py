"""The asyncpg connections PostgreSQL's plain reads run on, reused last in, first out.

Why not a library pool: checking a connection out of SQLAlchemy's pool and back costs a greenlet
spawn each way, asyncpg's pool a shielded task per release and first-in-first-out reuse that
keeps every connection's socket and caches cold (``bench/README.md`` has the figures). Reads need
nothing else a pool offers: they never open a transaction or change session state, so a
connection goes back as it came.

The rules (the engine's pool follows the same):

- **Size and wait.** At most ``size`` connections are open; a caller beyond that waits up to
  ``timeout`` seconds for one to come back (``ReadPoolTimeout``), so a burst queues instead of
  failing.
- **Lifetime.** A connection older than ``max_age`` seconds is closed instead of being handed out
  or taken back, so connections are renewed (server-side memory, configuration, a fail-over).
- **Statement timeout.** Set by the caller's connect options (``server_settings``), like every
  other session setting.
- **Broken connections.** A connection whose read failed without a server's statement error
  (lost connection, cancellation mid-statement) is terminated rather than reused, and one the
  driver knows is closed is never handed out. ``connection(fresh=True)`` opens a new one
  whatever is idle: the retry of a read whose connection died.
- **Idle connections** are dropped once idle longer than ``max_idle`` seconds, not checked with a
  round trip: a connection idle that long is the one most likely cut by a firewall or a server
  restart, dropping it costs nothing on the hot path (no ping per checkout), and it lets the pool
  shrink after a burst (last-in-first-out reuse leaves the bottom of the stack idle). The bottom
  of the stack is looked at on each checkout, so nothing runs between requests.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from adapters.persistence.sql.engine import DEFAULT_MAX_AGE_SECONDS
from adapters.persistence.sql.metrics import READ_POOL

Connect = Callable[[], Awaitable[Any]]
Clock = Callable[[], float]

DEFAULT_MAX_IDLE_SECONDS = 300.0


class ReadPoolTimeout(TimeoutError):
    """No read connection came free in time."""


class _Pooled:
    __slots__ = ("born", "connection", "used")

    def __init__(self, connection: Any, born: float) -> None:
        self.connection = connection
        self.born = born
        self.used = born


class ReadPool:
    def __init__(
        self,
        connect: Connect,
        *,
        size: int,
        timeout: float,
        max_age: float = DEFAULT_MAX_AGE_SECONDS,
        max_idle: float = DEFAULT_MAX_IDLE_SECONDS,
        clock: Clock = time.monotonic,
    ) -> None:
        if size < 1:
            raise ValueError("a read pool needs room for at least one connection")
        self._connect = connect
        self._timeout = timeout
        self._max_age = max_age
        self._max_idle = max_idle
        self._clock = clock
        self._slots = asyncio.Semaphore(size)
        self._idle: list[_Pooled] = []  # a stack: the most recently used connection is on top
        self._closed = False

    @classmethod
    def for_dsn(
        cls,
        dsn: str,
        *,
        size: int,
        timeout: float,
        max_age: float = DEFAULT_MAX_AGE_SECONDS,
        max_idle: float = DEFAULT_MAX_IDLE_SECONDS,
        **options: Any,
    ) -> ReadPool:
        """Connections made by ``asyncpg.connect(dsn, **options)``."""

        async def connect() -> Any:
            return await asyncpg.connect(dsn, timeout=timeout, **options)

        return cls(connect, size=size, timeout=timeout, max_age=max_age, max_idle=max_idle)

    @asynccontextmanager
    async def connection(self, *, fresh: bool = False) -> AsyncIterator[Any]:
        if self._closed:
            raise RuntimeError("the read pool is closed")
        await self._take_slot()
        try:
            pooled = await self._checkout(fresh)
        except BaseException:
            self._slots.release()
            raise
        READ_POOL.in_use.inc()
        reusable = False
        try:
            yield pooled.connection
            reusable = True
        except BaseException as error:
            reusable = _statement_failed(error)
            raise
        finally:
            READ_POOL.in_use.dec()
            try:
                await self._give_back(pooled, reusable)
            finally:
                self._slots.release()

    async def _give_back(self, pooled: _Pooled, reusable: bool) -> None:
        connection = pooled.connection
        if not reusable:
            connection.terminate()
            return
        now = self._clock()
        if self._closed or now - pooled.born > self._max_age:
            await self._close(connection)
        elif not connection.is_closed():
            pooled.used = now
            self._idle.append(pooled)
            READ_POOL.idle.inc()

    async def _checkout(self, fresh: bool) -> _Pooled:
        idle = self._idle
        if idle:
            now = self._clock()
            if now - idle[0].used > self._max_idle:  # the longest idle sits at the bottom
                READ_POOL.idle.dec()
                await self._close(idle.pop(0).connection)
            while idle and not fresh:
                pooled = idle.pop()
                READ_POOL.idle.dec()
                if (
                    now - pooled.used <= self._max_idle
                    and now - pooled.born <= self._max_age
                    and not pooled.connection.is_closed()
                ):
                    return pooled
                await self._close(pooled.connection)
        return _Pooled(await self._connect(), self._clock())

    async def _take_slot(self) -> None:
        if not self._slots.locked():  # the common case: no wait, no timer
            await self._slots.acquire()
            return
        try:
            await READ_POOL.waited(self._wait_for_slot(), TimeoutError)
        except TimeoutError as error:
            raise ReadPoolTimeout(
                f"no read connection came free within {self._timeout:g} s"
            ) from error

    async def _wait_for_slot(self) -> None:
        async with asyncio.timeout(self._timeout):
            await self._slots.acquire()

    async def _close(self, connection: Any) -> None:
        """Close politely (the server then logs no lost client), or cut it if that fails."""
        if connection.is_closed():
            return
        try:
            await connection.close(timeout=self._timeout)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            connection.terminate()
        except BaseException:  # cancelled while closing: leave nothing half open
            connection.terminate()
            raise

    async def close(self) -> None:
        """Close the idle connections now; those in use are closed as they come back."""
        self._closed = True
        idle, self._idle = self._idle, []
        READ_POOL.idle.dec(len(idle))
        for pooled in idle:
            await self._close(pooled.connection)


def _statement_failed(error: BaseException) -> bool:
    """The server reported that a statement failed: the connection itself is fine. Not so for
    the connection exceptions (class 08) or the server ending the session (57P…); anything
    without a SQLSTATE leaves the connection in an unknown state."""
    code = getattr(error, "sqlstate", None)
    return isinstance(code, str) and not code.startswith(("08", "57P"))
