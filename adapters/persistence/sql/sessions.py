"""Where the read model's statements run, and what happens when the database fails them.

A ``Session`` runs a ``Query`` and returns its rows, read by column label. ``CoreSession`` runs
statements through SQLAlchemy Core: SQLite, and every read inside a unit of work (its transaction
must see them). ``DriverSession`` is the lean path the design asks for on the hot PostgreSQL
reads: the same statements, compiled once to SQL text, sent by asyncpg on a connection of
``read_pool.py`` (no BEGIN, no ROLLBACK, no per-call isolation switch, no result wrapping, no
greenlet). asyncpg's ``Record`` and SQLAlchemy's ``RowMapping`` both read by label.

A ``Reader`` runs one read (one or more statements on one connection). Plain reads
(``EngineReads``, ``DriverReads``) retry a read once, on a fresh connection, when its connection
died, and turn any other outage into ``Unavailable`` (``errors.outage``); inside a unit of work
(``SessionReads``) the unit of work decides, since its transaction is lost with the connection.

Statement observers (``SqlDatabase.observe``) see every statement either path sends: SQLAlchemy's
cursor events report Core's, ``DriverSession`` reports its own. Likewise for spans (``tracing.py``)
once ``SqlDatabase.instrument`` ran: until then the driver path checks one attribute, no more.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol, TypeVar, cast

from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from adapters.persistence.sql.engine import read_engine
from adapters.persistence.sql.errors import connection_lost, raise_outage
from adapters.persistence.sql.metrics import EnginePoolMeter
from adapters.persistence.sql.queries import Query
from adapters.persistence.sql.read_pool import ReadPool
from adapters.persistence.sql.tracing import StatementSpans

R = TypeVar("R")
T = TypeVar("T")
Params = Mapping[str, Any]
Observer = Callable[[str], None]
"""Called with a statement's SQL text just before it is sent."""


class Session(Protocol):
    async def rows(self, query: Query[R], params: Params) -> Sequence[R]: ...


Read = Callable[[Session], Awaitable[T]]


class Reader(Protocol):
    async def run(self, read: Read[T]) -> T: ...


class CoreSession(Session):
    __slots__ = ("_connection",)

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def rows(self, query: Query[R], params: Params) -> Sequence[R]:
        result = await self._connection.execute(query.statement, params)
        return cast(Sequence[R], result.mappings().all())


class SessionReads(Reader):
    """Reads on a unit of work's own connection."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def run(self, read: Read[T]) -> T:
        return await read(self._session)


class _RetryingReads(Reader):
    async def run(self, read: Read[T]) -> T:
        # try/except rather than ``outage_as_unavailable()``: no context manager per hot read.
        try:
            return await self._attempt(read, fresh=False)
        except Exception as error:
            if not connection_lost(error):
                raise_outage(error)
        try:  # reads write nothing, so running one again is safe
            return await self._attempt(read, fresh=True)
        except Exception as error:
            raise_outage(error)

    async def _attempt(self, read: Read[T], *, fresh: bool) -> T:
        raise NotImplementedError


class EngineReads(_RetryingReads):
    """Plain reads on the engine's pool, without a transaction (see ``engine.py``). After a
    disconnect SQLAlchemy invalidates the pool's older connections, so the retry gets a fresh
    one."""

    def __init__(self, engine: AsyncEngine, meter: EnginePoolMeter) -> None:
        self._engine = read_engine(engine)
        self._meter = meter

    async def _attempt(self, read: Read[T], *, fresh: bool) -> T:
        async with self._meter.connect(self._engine) as connection:
            return await read(CoreSession(connection))


class _Compiled(NamedTuple):
    sql: str
    names: tuple[str, ...]


class DriverSession(Session):
    __slots__ = ("_compile", "_driver", "_observers", "_spans")

    def __init__(
        self,
        driver: Any,
        compile: Callable[[Query[Any]], _Compiled],
        observers: list[Observer],
        spans: StatementSpans | None = None,
    ) -> None:
        self._driver = driver
        self._compile = compile
        self._observers = observers
        self._spans = spans

    async def rows(self, query: Query[R], params: Params) -> Sequence[R]:
        compiled = self._compile(query)
        for observe in self._observers:
            observe(compiled.sql)
        args = [params[n] for n in compiled.names]
        if self._spans is None:
            records = await self._driver.fetch(compiled.sql, *args)
        else:
            with self._spans.statement(compiled.sql):
                records = await self._driver.fetch(compiled.sql, *args)
        return cast(Sequence[R], records)


class DriverReads(_RetryingReads):
    """PostgreSQL's plain reads: asyncpg connections of the read pool."""

    def __init__(self, pool: ReadPool, dialect: Dialect, observers: list[Observer]) -> None:
        self._pool = pool
        self._dialect = dialect
        self._observers = observers
        self._compiled: dict[Query[Any], _Compiled] = {}
        self.spans: StatementSpans | None = None

    def _compile(self, query: Query[Any]) -> _Compiled:
        found = self._compiled.get(query)
        if found is None:
            compiled = query.statement.compile(dialect=self._dialect)
            if any(bind.expanding for bind in compiled.binds.values()):
                raise ValueError("expanding IN parameters need the Core path")
            names = tuple(compiled.positiontup or ())
            found = self._compiled[query] = _Compiled(str(compiled), names)
        return found

    async def _attempt(self, read: Read[T], *, fresh: bool) -> T:
        async with self._pool.connection(fresh=fresh) as connection:
            return await read(DriverSession(connection, self._compile, self._observers, self.spans))
