"""``MemoryDatabase``: the dict-backed persistence adapter, and its unit of work.

Units of work run one at a time (an ``asyncio.Lock``), each on a private working copy of the
tables that ``commit()`` publishes in one assignment — so concurrent use cases behave like
serializable transactions, and plain reads always see one committed snapshot.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from types import TracebackType
from typing import Self

from adapters.persistence.memory.reads import MemoryReadModel
from adapters.persistence.memory.repositories import (
    MemoryArticleRepository,
    MemoryCommentRepository,
    MemoryFavoriteRepository,
    MemoryFollowRepository,
    MemoryOutbox,
    MemoryUserRepository,
)
from adapters.persistence.memory.tables import OutboxEntry, Tables
from application.ports import Persistence, ReadModel, UnitOfWork
from domain.events import DomainEvent


class MemoryDatabase(Persistence):
    def __init__(self) -> None:
        self._committed = Tables()
        self._lock: asyncio.Lock | None = None  # made on first use, inside the running loop
        self._reads = MemoryReadModel(lambda: self._committed)

    @property
    def reads(self) -> ReadModel:
        return self._reads

    def unit_of_work(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self)

    async def close(self) -> None:
        """Nothing to release; the data stays readable until the object is dropped."""

    async def health(self) -> str | None:
        """Always ready: the tables are in this process, and there is no schema to migrate."""
        return None

    async def oldest_unpublished_event(self) -> datetime | None:
        """Nothing publishes this adapter's outbox yet, so its oldest event is still waiting."""
        outbox = self._committed.outbox
        return outbox[0].event.occurred_at if outbox else None

    def recorded_events(self) -> list[DomainEvent]:
        """Every event in the outbox, committed ones only, in the order they were recorded."""
        return [entry.event for entry in self._committed.outbox]

    def outbox_entries(self) -> list[OutboxEntry]:
        """The committed outbox rows: each event with the correlation it was recorded under."""
        return list(self._committed.outbox)

    # --- used by MemoryUnitOfWork -------------------------------------------------------------
    def _transaction_lock(self) -> asyncio.Lock:
        if self._lock is None:
            self._lock = asyncio.Lock()
        return self._lock

    def _snapshot(self) -> Tables:
        return self._committed.copy()

    def _publish(self, tables: Tables) -> None:
        self._committed = tables


class MemoryUnitOfWork(UnitOfWork):
    def __init__(self, database: MemoryDatabase) -> None:
        self._database = database
        self._work: Tables | None = None
        self.users = MemoryUserRepository(self._tables)
        self.follows = MemoryFollowRepository(self._tables)
        self.articles = MemoryArticleRepository(self._tables)
        self.favorites = MemoryFavoriteRepository(self._tables)
        self.comments = MemoryCommentRepository(self._tables)
        self.outbox = MemoryOutbox(self._tables)
        self.reads = MemoryReadModel(self._tables)

    async def __aenter__(self) -> Self:
        if self._work is not None:
            raise RuntimeError("this unit of work is already open")
        await self._database._transaction_lock().acquire()
        self._work = self._database._snapshot()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._work = None  # uncommitted changes are dropped with the working copy
        self._database._transaction_lock().release()

    async def commit(self) -> None:
        work = self._tables()
        self._database._publish(work)
        self._work = work.copy()  # later changes in this block need another commit

    def _tables(self) -> Tables:
        if self._work is None:
            raise RuntimeError("use the unit of work inside 'async with'")
        return self._work
