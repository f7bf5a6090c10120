"""One SQLite writer at a time, queued in the process instead of polling the file lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from adapters.persistence.sql.engine import SQLITE_BUSY_TIMEOUT_MS


class WriterQueueTimeout(TimeoutError):
    """The write lock did not come free in time."""


class WriterQueue:
    """SQLite lets one transaction write at a time. Its ``busy_timeout`` makes a blocked
    ``BEGIN IMMEDIATE`` sleep and retry with growing pauses (up to 100 ms), so when many units of
    work wait, the lock sits idle between one writer's COMMIT and the next one's wake-up. Queuing
    the units of work of this process on an ``asyncio.Lock`` hands the lock straight over in
    FIFO order; ``busy_timeout`` still arbitrates between processes sharing the file.
    """

    def __init__(self, timeout: float = SQLITE_BUSY_TIMEOUT_MS / 1000) -> None:
        self._timeout = timeout
        self._lock: asyncio.Lock | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _current_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        if self._lock is None or self._loop is not loop:
            self._lock, self._loop = asyncio.Lock(), loop
        return self._lock

    @asynccontextmanager
    async def turn(self) -> AsyncIterator[None]:
        lock = self._current_lock()
        try:
            async with asyncio.timeout(self._timeout):
                await lock.acquire()
        except TimeoutError:
            raise WriterQueueTimeout(
                f"the SQLite database stayed busy for {self._timeout:g} s: another unit of work "
                "in this process held the write lock all that time"
            ) from None
        try:
            yield
        finally:
            lock.release()
