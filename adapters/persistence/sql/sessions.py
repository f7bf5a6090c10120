"""Where the read model's statements run: a SQLAlchemy connection, or (PostgreSQL plain reads) an
asyncpg connection of the adapter's read pool.

``CoreSession`` runs statements through SQLAlchemy Core: SQLite, and every read inside a unit of
work (its transaction must see them). ``DriverSession`` is the lean path the design asks for on
the hot PostgreSQL reads: the same statements, compiled once to SQL text, sent by asyncpg on a
connection of ``read_pool.py`` (no BEGIN, no ROLLBACK, no per-call isolation switch, no result
wrapping, no greenlet). SQLAlchemy's cursor events cannot see those statements, so while anything
listens to them (statement counters, tracing) the PostgreSQL reads take the Core path instead, on
an AUTOCOMMIT connection of the engine: same SQL, fully observable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any, NamedTuple, Protocol

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.persistence.sql.engine import read_engine
from adapters.persistence.sql.errors import saturation_as_unavailable
from adapters.persistence.sql.read_pool import ReadPool

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
        with saturation_as_unavailable():  # only taking the connection can raise what it maps
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

    async def rows(self, statement: Select[Any], params: Mapping[str, Any]) -> Rows:
        compiled = self._compile(statement)
        rows: Rows = await self._driver.fetch(
            compiled.sql, *(params[name] for name in compiled.names)
        )
        return rows


class PostgresSessions:
    """Driver sessions on the read pool, or Core ones (on the engine) while statements are
    observed."""

    def __init__(self, engine: AsyncEngine, pool: ReadPool) -> None:
        self._engine = engine
        self._pool = pool
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
        with saturation_as_unavailable():  # only taking the connection can raise what it maps
            async with self._pool.connection() as connection:
                yield DriverSession(connection, self._compile)
