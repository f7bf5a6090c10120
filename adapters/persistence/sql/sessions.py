"""Where the read model's statements run: a SQLAlchemy connection, or (PostgreSQL plain reads) the
asyncpg connection underneath one.

``CoreSession`` runs statements through SQLAlchemy Core: SQLite, and every read inside a unit of
work (its transaction must see them). ``DriverSession`` is the lean path the design asks for on
the hot PostgreSQL reads: the same statements, compiled once to SQL text, sent by asyncpg on a
pooled connection taken without building a SQLAlchemy ``Connection`` (no BEGIN, no ROLLBACK, no
per-call isolation switch, no result wrapping). SQLAlchemy's cursor events cannot see those
statements, so while anything listens to them (statement counters, tracing) the PostgreSQL
reads take the Core path instead, on an AUTOCOMMIT connection: same SQL, fully observable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.util import greenlet_spawn

from adapters.persistence.sql.engine import read_engine

Rows = Sequence[Sequence[Any]]


class Session(Protocol):
    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows: ...


OpenSession = Callable[[], AbstractAsyncContextManager[Session]]


class CoreSession(Session):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        result = await self._connection.execute(statement, params)
        rows: Rows = result.all()
        return rows


def pooled_core_sessions(engine: AsyncEngine) -> OpenSession:
    """Sessions on pooled connections that read without a transaction (see ``engine.py``)."""
    reading = read_engine(engine)

    @asynccontextmanager
    async def open_session() -> AsyncIterator[Session]:
        async with reading.connect() as connection:
            yield CoreSession(connection)

    return open_session


class _Compiled(NamedTuple):
    statement: Select[Any]  # kept alive, so its id() is never reused for another statement
    sql: str
    names: tuple[str, ...]


class DriverSession(Session):
    def __init__(self, driver: Any, compile: Callable[[Select[Any]], _Compiled]) -> None:
        self._driver = driver
        self._compile = compile
        self.broken = False

    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        compiled = self._compile(statement)
        try:
            rows: Rows = await self._driver.fetch(
                compiled.sql, *(params[name] for name in compiled.names)
            )
        except BaseException as error:
            # The server reports a failed statement with a SQLSTATE and the connection stays
            # usable; anything else (lost connection, cancellation mid-query) leaves it suspect.
            self.broken = getattr(error, "sqlstate", None) is None
            raise
        return rows


class PostgresSessions:
    """Driver sessions on the engine's own pool, or Core ones while statements are observed."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._dialect = engine.dialect
        self._core = pooled_core_sessions(engine)
        self._compiled: dict[int, _Compiled] = {}

    def _observed(self) -> bool:
        dispatch = self._engine.sync_engine.dispatch
        return bool(dispatch.before_cursor_execute or dispatch.after_cursor_execute)

    def _compile(self, statement: Select[Any]) -> _Compiled:
        found = self._compiled.get(id(statement))
        if found is None:
            compiled = statement.compile(dialect=self._dialect)
            if any(bind.expanding for bind in compiled.binds.values()):
                raise ValueError("expanding IN parameters need the Core path")
            names = tuple(compiled.positiontup or ())
            found = self._compiled[id(statement)] = _Compiled(statement, str(compiled), names)
        return found

    @asynccontextmanager
    async def open(self) -> AsyncIterator[Session]:
        if self._observed():
            async with self._core() as session:
                yield session
            return
        pooled = await self._engine.raw_connection()
        session = DriverSession(pooled.driver_connection, self._compile)
        try:
            yield session
        finally:
            # Invalidating also hands the slot back to the pool, which opens a fresh connection.
            await greenlet_spawn(pooled.invalidate if session.broken else pooled.close)
