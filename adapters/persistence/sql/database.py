"""``SqlDatabase``: the SQL persistence adapter, opened on one engine (SQLite or PostgreSQL)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.sql.engine import (
    POSTGRESQL,
    SQLITE,
    asyncpg_dsn,
    create_engine,
    postgres_connect_options,
)
from adapters.persistence.sql.read_pool import ReadPool
from adapters.persistence.sql.reads import SqlReadModel
from adapters.persistence.sql.sessions import OpenSession, PostgresSessions, pooled_core_sessions
from adapters.persistence.sql.unit_of_work import SqlUnitOfWork
from adapters.persistence.sql.writers import WriterQueue
from application.ports import Persistence, ReadModel, UnitOfWork


class SqlDatabase(Persistence):
    """Units of work on the engine's pool. Plain reads on PostgreSQL use a read pool of their own
    (``read_pool.py``) of up to ``pool_size`` connections, so a process holds at most
    ``2 * pool_size + max_overflow`` connections to PostgreSQL."""

    def __init__(
        self, engine: AsyncEngine, *, pool_size: int = 10, pool_timeout: float = 30.0
    ) -> None:
        self.engine = engine
        dialect = engine.dialect.name
        self._read_pool: ReadPool | None = None
        sessions: OpenSession
        if dialect == POSTGRESQL:
            self._read_pool = ReadPool.for_dsn(
                asyncpg_dsn(engine),
                size=pool_size,
                timeout=pool_timeout,
                **postgres_connect_options(),
            )
            sessions = PostgresSessions(engine, self._read_pool).open
        else:
            sessions = pooled_core_sessions(engine)
        self._reads = SqlReadModel(dialect, sessions)
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
    ) -> SqlDatabase:
        """The adapter for ``sqlite+aiosqlite:///path`` or ``postgresql+asyncpg://…``; builds the
        engine and its pool but opens no connection yet."""
        engine = create_engine(
            url, pool_size=pool_size, max_overflow=max_overflow, pool_timeout=pool_timeout
        )
        return cls(engine, pool_size=pool_size, pool_timeout=pool_timeout)

    @property
    def reads(self) -> ReadModel:
        """Reads outside any unit of work, each without a transaction round trip."""
        return self._reads

    def unit_of_work(self) -> UnitOfWork:
        return SqlUnitOfWork(self.engine, self._writers)

    async def close(self) -> None:
        if self._read_pool is not None:
            await self._read_pool.close()
        await self.engine.dispose()
