"""The unit of work: one connection and one transaction per ``async with``."""

from __future__ import annotations

from contextlib import AsyncExitStack, nullcontext
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.persistence.sql.articles import SqlArticleRepository, SqlFavoriteRepository
from adapters.persistence.sql.comments import SqlCommentRepository
from adapters.persistence.sql.errors import saturation_as_unavailable
from adapters.persistence.sql.outbox import SqlOutbox
from adapters.persistence.sql.reads import SqlReadModel
from adapters.persistence.sql.sessions import CoreSession
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

    def __init__(self, engine: AsyncEngine, writers: WriterQueue | None = None) -> None:
        self._engine = engine
        self._writers = writers
        self._exit_stack: AsyncExitStack | None = None
        self._connection: AsyncConnection | None = None

    async def __aenter__(self) -> Self:
        if self._exit_stack is not None:
            raise RuntimeError("a unit of work cannot be entered twice; make a new one")
        self._exit_stack = stack = AsyncExitStack()
        try:
            with saturation_as_unavailable():
                if self._writers is not None:
                    await stack.enter_async_context(self._writers.turn())
                connection = await stack.enter_async_context(self._engine.connect())
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
        session = CoreSession(connection)
        self.reads = SqlReadModel(connection.dialect.name, lambda: nullcontext(session))
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._exit_stack is not None:
            await self._exit_stack.__aexit__(exc_type, exc, tb)

    async def commit(self) -> None:
        if self._connection is None:
            raise RuntimeError("commit() outside 'async with' of the unit of work")
        await self._connection.commit()


async def _roll_back_unless_committed(connection: AsyncConnection) -> None:
    if connection.in_transaction():
        await connection.rollback()
