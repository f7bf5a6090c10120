"""Outbox rows remember what caused them, and the store tells how old its oldest waiting event is
and whether it is ready to serve."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from adapters.persistence.memory import MemoryDatabase
from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql.tables import outbox_event
from application.context import Correlation, correlated
from application.ports import Persistence
from tests.factories import CLOCK, a_user

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


async def correlations(db: Persistence) -> list[Correlation]:
    """The correlation of every outbox row, in the order recorded (no port reads the outbox yet)."""
    if isinstance(db, MemoryDatabase):
        return [entry.correlation for entry in db.outbox_entries()]
    assert isinstance(db, SqlDatabase)
    columns = outbox_event.c
    query = select(columns.request_id, columns.traceparent).order_by(columns.id)
    async with db.engine.connect() as connection:
        return [Correlation(*row) for row in await connection.execute(query)]


async def register(db: Persistence) -> None:
    user = a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.outbox.add(user.pull_events())
        await uow.commit()


async def test_events_carry_the_correlation_bound_while_they_were_recorded(
    db: Persistence,
) -> None:
    with correlated(Correlation(request_id="req-1", traceparent=TRACEPARENT)):
        await register(db)
    with correlated(Correlation(request_id="req-2")):
        await register(db)
    await register(db)  # work no request caused

    assert await correlations(db) == [
        Correlation("req-1", TRACEPARENT),
        Correlation("req-2", None),
        Correlation(None, None),
    ]


async def test_the_oldest_unpublished_event_is_the_first_one_recorded(db: Persistence) -> None:
    empty = await db.oldest_unpublished_event()
    first, second = a_user(), a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(first)
        await uow.outbox.add(first.pull_events())
        await uow.commit()
    CLOCK.advance(timedelta(seconds=30))
    async with db.unit_of_work() as uow:
        await uow.users.add(second)
        await uow.outbox.add(second.pull_events())
        await uow.commit()

    assert empty is None
    assert await db.oldest_unpublished_event() == first.created_at


async def test_a_migrated_store_is_ready(db: Persistence) -> None:
    assert await db.health() is None
