"""``SqlDatabase``: the SQL persistence adapter, opened on one engine (SQLite or PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from opentelemetry.trace import TracerProvider
from sqlalchemy import event
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.sql import monitoring
from adapters.persistence.sql.engine import (
    DEFAULT_MAX_AGE_SECONDS,
    DEFAULT_STATEMENT_TIMEOUT_SECONDS,
    POSTGRESQL,
    SQLITE,
    asyncpg_dsn,
    create_engine,
    postgres_connect_options,
)
from adapters.persistence.sql.errors import connection_lost
from adapters.persistence.sql.metrics import EnginePoolMeter
from adapters.persistence.sql.read_pool import ReadPool
from adapters.persistence.sql.reads import SqlReadModel
from adapters.persistence.sql.sessions import DriverReads, EngineReads, Observer, Reader
from adapters.persistence.sql.tracing import StatementSpans, trace_engine
from adapters.persistence.sql.unit_of_work import SqlUnitOfWork
from adapters.persistence.sql.writers import WriterQueue
from application.ports import Persistence, ReadModel, UnitOfWork


class SqlDatabase(Persistence):
    """Units of work on the engine's pool. Plain reads on PostgreSQL use a read pool of their own
    (``read_pool.py``) of up to ``pool_size`` connections, so a process holds at most
    ``2 * pool_size + max_overflow`` connections to PostgreSQL. Both pools give their
    connections the same ``statement_timeout`` and maximum age (seconds)."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        pool_size: int = 10,
        pool_timeout: float = 30.0,
        statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
        max_age: float = DEFAULT_MAX_AGE_SECONDS,
    ) -> None:
        self.engine = engine
        dialect = engine.dialect.name
        event.listen(engine.sync_engine, "handle_error", _discard_lost_connections)
        self._pool_meter = EnginePoolMeter(engine)
        self._observers: list[Observer] = []
        self._read_pool: ReadPool | None = None
        self._driver_reads: DriverReads | None = None
        self._instrumented = False
        self._reader: Reader
        if dialect == POSTGRESQL:
            self._read_pool = ReadPool.for_dsn(
                asyncpg_dsn(engine),
                size=pool_size,
                timeout=pool_timeout,
                max_age=max_age,
                **postgres_connect_options(statement_timeout),
            )
            self._reader = self._driver_reads = DriverReads(
                self._read_pool, engine.dialect, self._observers
            )
        else:
            self._reader = EngineReads(engine, self._pool_meter)
        self._reads = SqlReadModel(dialect, self._reader)
        # Waiting for the write turn is waiting for a connection: the same bound applies.
        self._writers = WriterQueue(timeout=pool_timeout) if dialect == SQLITE else None

    @classmethod
    def connect(
        cls,
        url: str,
        *,
        pool_size: int = 10,
        max_overflow: int = 10,
        pool_timeout: float = 30.0,
        statement_timeout: float = DEFAULT_STATEMENT_TIMEOUT_SECONDS,
        max_age: float = DEFAULT_MAX_AGE_SECONDS,
    ) -> SqlDatabase:
        """The adapter for ``sqlite+aiosqlite:///path`` or ``postgresql+asyncpg://…``; builds the
        engine and its pool but opens no connection yet."""
        engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=max_overflow,
            pool_timeout=pool_timeout,
            statement_timeout=statement_timeout,
            max_age=max_age,
        )
        return cls(
            engine,
            pool_size=pool_size,
            pool_timeout=pool_timeout,
            statement_timeout=statement_timeout,
            max_age=max_age,
        )

    @property
    def reads(self) -> ReadModel:
        """Reads outside any unit of work, each without a transaction round trip."""
        return self._reads

    def unit_of_work(self) -> UnitOfWork:
        return SqlUnitOfWork(self.engine, self._writers, self._pool_meter)

    async def health(self) -> str | None:
        return await monitoring.health(self.engine)

    async def oldest_unpublished_event(self) -> datetime | None:
        return await monitoring.oldest_unpublished_event(self.engine)

    def observe(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer`` with the SQL text of every statement this adapter sends, whichever
        way it goes (SQLAlchemy Core, or asyncpg straight from the read pool), just before it is
        sent; returns the function that stops it. Nothing is observed, and nothing is paid for
        observing, while no observer is registered."""
        if not self._observers:
            event.listen(self.engine.sync_engine, "before_cursor_execute", self._on_cursor)
        self._observers.append(observer)

        def stop() -> None:
            self._observers.remove(observer)
            if not self._observers:
                event.remove(self.engine.sync_engine, "before_cursor_execute", self._on_cursor)

        return stop

    def instrument(self, provider: TracerProvider) -> None:
        """Record a span in ``provider`` for every statement sent from now on, whichever way it
        goes; once per database (a second call changes nothing)."""
        if self._instrumented:
            return
        self._instrumented = True
        trace_engine(self.engine, provider)
        if self._driver_reads is not None:
            self._driver_reads.spans = StatementSpans(provider, self.engine.url)

    def _on_cursor(self, _connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        for observer in self._observers:
            observer(statement)

    async def close(self) -> None:
        if self._read_pool is not None:
            await self._read_pool.close()
        await self.engine.dispose()


def _discard_lost_connections(context: ExceptionContext) -> None:
    """SQLAlchemy discards (invalidates) a connection asyncpg reports closed, and the pool's older
    ones with it; this adds every other error ``errors.connection_lost`` recognizes (asyncpg's
    protocol state lost before it notices the socket closed)."""
    if not context.is_disconnect and connection_lost(context.original_exception):
        context.is_disconnect = True
