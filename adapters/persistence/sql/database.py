"""``SqlDatabase``: the SQL persistence adapter, opened on one engine (SQLite or PostgreSQL)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.sql.engine import POSTGRESQL, SQLITE, create_engine
from adapters.persistence.sql.reads import SqlReadModel
from adapters.persistence.sql.sessions import PostgresSessions, pooled_core_sessions
from adapters.persistence.sql.unit_of_work import SqlUnitOfWork
from adapters.persistence.sql.writers import WriterQueue
from application.ports import Persistence, ReadModel, UnitOfWork


class SqlDatabase(Persistence):
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        dialect = engine.dialect.name
        sessions = (
            PostgresSessions(engine).open if dialect == POSTGRESQL else pooled_core_sessions(engine)
        )
        self._reads = SqlReadModel(dialect, sessions)
        self._writers = WriterQueue() if dialect == SQLITE else None

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
        return cls(
            create_engine(
                url, pool_size=pool_size, max_overflow=max_overflow, pool_timeout=pool_timeout
            )
        )

    @property
    def reads(self) -> ReadModel:
        """Reads outside any unit of work, each without a transaction round trip."""
        return self._reads

    def unit_of_work(self) -> UnitOfWork:
        return SqlUnitOfWork(self.engine, self._writers)

    async def close(self) -> None:
        await self.engine.dispose()
