"""The unit of work: one connection and one transaction per ``async with``.

Whatever loses the database inside the block (a connection refused, lost or saturated, a
statement past its timeout) leaves it as ``Unavailable``, after the transaction is rolled back or
gone with its connection, so nothing is half-written. Nothing is retried: the block is the use
case's. A connection lost during ``commit()`` leaves the outcome unknown (the server may have
committed before the connection went); it is ``Unavailable`` too.
"""

from __future__ import annotations

from contextlib import AsyncExitStack
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.persistence.sql.articles import SqlArticleRepository, SqlFavoriteRepository
from adapters.persistence.sql.comments import SqlCommentRepository
from adapters.persistence.sql.errors import (
    connection_lost,
    outage,
    outage_as_unavailable,
    root_cause,
)
from adapters.persistence.sql.metrics import EnginePoolMeter
from adapters.persistence.sql.outbox import SqlOutbox
from adapters.persistence.sql.reads import SqlReadModel
from adapters.persistence.sql.sessions import CoreSession, SessionReads
from adapters.persistence.sql.users import SqlFollowRepository, SqlUserRepository
from adapters.persistence.sql.writers import WriterQueue
from application.ports import (
    ArticleRepository,
    CommentRepository,
    FavoriteRepository,
    FollowRepository,
    Outbox,
    ReadModel,
    UnitOfWork,
    UserRepository,
)
from domain.errors import Unavailable


class SqlUnitOfWork(UnitOfWork):
    """Repositories, the outbox and ``reads`` all share the transaction's connection.

    ``commit()`` is explicit; leaving the block without it (or with an exception) rolls back.
    On SQLite the transaction starts with ``BEGIN IMMEDIATE`` (see ``engine.py``).
    """

    users: UserRepository
    follows: FollowRepository
    articles: ArticleRepository
    favorites: FavoriteRepository
    comments: CommentRepository
    outbox: Outbox
    reads: ReadModel

    def __init__(
        self,
        engine: AsyncEngine,
        writers: WriterQueue | None = None,
        meter: EnginePoolMeter | None = None,
    ) -> None:
        self._engine = engine
        self._writers = writers
        self._meter = meter
        self._exit_stack: AsyncExitStack | None = None
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        if self._exit_stack is not None:
            raise RuntimeError("a unit of work cannot be entered twice; make a new one")
        self._exit_stack = stack = AsyncExitStack()
        try:
            with outage_as_unavailable():
                if self._writers is not None:
                    await stack.enter_async_context(self._writers.turn())
                meter, engine = self._meter, self._engine
                opening = engine.connect() if meter is None else meter.connect(engine)
                connection = await stack.enter_async_context(opening)
                await connection.begin()
            stack.push_async_callback(_roll_back_unless_committed, connection)
        except BaseException:
            await stack.aclose()
            raise
        self._connection = connection
        self.users = SqlUserRepository(connection)
        self.follows = SqlFollowRepository(connection)
        self.articles = SqlArticleRepository(connection)
        self.favorites = SqlFavoriteRepository(connection)
        self.comments = SqlCommentRepository(connection)
        self.outbox = SqlOutbox(connection)
        self.reads = SqlReadModel(connection.dialect.name, SessionReads(CoreSession(connection)))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._exit_stack is None:
            return
        with outage_as_unavailable():  # rolling back on a connection that is gone
            await self._exit_stack.__aexit__(exc_type, exc, tb)
        if isinstance(exc, Exception) and (unavailable := outage(exc)) is not None:
            raise unavailable from exc

    async def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside 'async with' of the unit of work")
        try:
            await self._connection.commit()
        except Exception as error:
            if not connection_lost(error):
                raise
            raise Unavailable(
                "the database connection was lost during COMMIT, so whether the transaction "
                f"committed is unknown: {root_cause(error)!r}"
            ) from error


async def _roll_back_unless_committed(connection: AsyncConnection) -> None:
    if connection.in_transaction():
        await connection.rollback()
