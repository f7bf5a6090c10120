"""Prometheus metrics of both connection pools, labelled ``pool="write"`` (SQLAlchemy's engine pool:
units of work, and SQLite's plain reads) and ``pool="read"`` (``read_pool.py``, PostgreSQL's plain
reads).

Gauges move by ``inc``/``dec`` only, so every pool of the process adds to the same series (tests and
tools may hold several) and ``quill serve --workers N`` sums them over live workers (``livesum``).
A checkout is timed only when it must wait: the pool is exhausted when it starts.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable
from contextlib import AbstractAsyncContextManager
from types import TracebackType
from typing import Any, Final, TypeVar, cast

from prometheus_client import Counter, Gauge, Histogram
from sqlalchemy import event
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.pool import ConnectionPoolEntry, QueuePool

T = TypeVar("T")

WRITE: Final = "write"
READ: Final = "read"
# From a millisecond (a connection handed over at once) to past the default pool timeout (30 s).
WAIT_BUCKETS: Final = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)

IN_USE: Final = Gauge(
    "quill_db_pool_connections_in_use",
    "Database connections checked out of the pool now.",
    ("pool",),
    multiprocess_mode="livesum",
)
IDLE: Final = Gauge(
    "quill_db_pool_connections_idle",
    "Open database connections waiting in the pool.",
    ("pool",),
    multiprocess_mode="livesum",
)
WAITING: Final = Gauge(
    "quill_db_pool_waiting",
    "Callers waiting now for a connection of an exhausted pool.",
    ("pool",),
    multiprocess_mode="livesum",
)
WAIT: Final = Histogram(
    "quill_db_pool_wait_seconds",
    "How long each checkout that found the pool exhausted waited for a connection.",
    ("pool",),
    buckets=WAIT_BUCKETS,
)
TIMEOUTS: Final = Counter(
    "quill_db_pool_timeouts",
    "Checkouts that gave up waiting for a connection (the pool timeout).",
    ("pool",),
)


class PoolGauges:
    """The series of one ``pool`` label, bound once (no label lookup per checkout)."""

    __slots__ = ("idle", "in_use", "timeouts", "wait", "waiting")

    def __init__(self, pool: str) -> None:
        self.in_use = IN_USE.labels(pool=pool)
        self.idle = IDLE.labels(pool=pool)
        self.waiting = WAITING.labels(pool=pool)
        self.wait = WAIT.labels(pool=pool)
        self.timeouts = TIMEOUTS.labels(pool=pool)

    async def waited(self, acquire: Awaitable[T], gave_up: type[BaseException]) -> T:
        """``await acquire``, counted as waiting; ``gave_up`` is the exception of a timeout."""
        self.waiting.inc()
        started = time.perf_counter()
        try:
            return await acquire
        except gave_up:
            self.timeouts.inc()
            raise
        finally:
            self.waiting.dec()
            self.wait.observe(time.perf_counter() - started)


READ_POOL: Final = PoolGauges(READ)
WRITE_POOL: Final = PoolGauges(WRITE)

# Where a connection stands, kept on its pool entry (``record_info`` outlives reconnections).
_STATE: Final = "quill.pool_state"
_IDLE, _BUSY = "idle", "busy"


class EnginePoolMeter:
    """The write pool's gauges, kept by SQLAlchemy's pool events, and ``connect()``, which times a
    checkout that has to wait.

    Each connection's state lives on its pool entry, so an event seen twice, or a connection the
    pool closes while it is checked out (invalidated), never moves a gauge twice."""

    __slots__ = ("_busy", "_capacity", "_gauges")

    def __init__(self, engine: AsyncEngine, gauges: PoolGauges = WRITE_POOL) -> None:
        self._gauges = gauges
        self._busy = 0
        pool = engine.sync_engine.pool
        # SQLAlchemy keeps max_overflow private; any other pool class never makes a caller wait.
        self._capacity = (
            pool.size() + max(0, pool._max_overflow) if isinstance(pool, QueuePool) else None
        )
        target = engine.sync_engine
        event.listen(target, "connect", self._on_connect)
        event.listen(target, "checkout", self._on_checkout)
        event.listen(target, "checkin", self._on_checkin)
        event.listen(target, "close", self._on_close)
        event.listen(target, "detach", self._on_detach)

    def connect(self, engine: AsyncEngine) -> AbstractAsyncContextManager[AsyncConnection]:
        """``engine.connect()`` (``engine`` is this pool's, or a view of it), for ``async with``,
        timed when the pool is exhausted. In one event loop nothing checks a connection out
        between this test and the checkout."""
        connection = engine.connect()
        if self._capacity is None or self._busy < self._capacity:
            return connection
        return _WaitedConnection(connection, self._gauges)

    def _on_connect(self, _dbapi: Any, record: ConnectionPoolEntry) -> None:
        if _info(record).get(_STATE) is None:  # a reconnection while checked out stays busy
            _info(record)[_STATE] = _IDLE
            self._gauges.idle.inc()

    def _on_checkout(self, _dbapi: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        state = _info(record).get(_STATE)
        if state == _BUSY:
            return
        if state == _IDLE:
            self._gauges.idle.dec()
        _info(record)[_STATE] = _BUSY
        self._busy += 1
        self._gauges.in_use.inc()

    def _on_checkin(self, dbapi: Any, record: ConnectionPoolEntry) -> None:
        if _info(record).get(_STATE) != _BUSY:
            return
        self._busy -= 1
        self._gauges.in_use.dec()
        if dbapi is None:  # invalidated while checked out: nothing goes back to the pool
            del _info(record)[_STATE]
        else:
            _info(record)[_STATE] = _IDLE
            self._gauges.idle.inc()

    def _on_close(self, _dbapi: Any, record: ConnectionPoolEntry) -> None:
        # A busy connection closed under its user stays in use until it is checked in.
        if _info(record).get(_STATE) == _IDLE:
            del _info(record)[_STATE]
            self._gauges.idle.dec()

    def _on_detach(self, _dbapi: Any, record: ConnectionPoolEntry) -> None:
        """A detached connection leaves the pool without a checkin."""
        if _info(record).pop(_STATE, None) == _BUSY:
            self._busy -= 1
            self._gauges.in_use.dec()


def _info(record: ConnectionPoolEntry) -> dict[str, str]:
    """The entry's own ``record_info`` (only a detached proxy has none)."""
    return cast("dict[str, str]", record.record_info)


class _WaitedConnection:
    """``async with`` around an ``AsyncConnection`` whose checkout is timed (the slow path)."""

    __slots__ = ("_connection", "_gauges")

    def __init__(self, connection: AsyncConnection, gauges: PoolGauges) -> None:
        self._connection = connection
        self._gauges = gauges

    async def __aenter__(self) -> AsyncConnection:
        return await self._gauges.waited(self._connection.__aenter__(), PoolTimeout)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._connection.__aexit__(exc_type, exc, tb)
