"""Outbox: an event is recorded if and only if the unit of work that added it committed."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from adapters.persistence.memory import MemoryDatabase
from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql.tables import outbox_event
from application.ports import Persistence
from domain.events import DomainEvent, UserRegistered
from tests.contract._helpers import articles_use_case, stored_users
from tests.factories import CLOCK, a_new_article, a_user


async def recorded(db: Persistence) -> list[tuple[uuid.UUID, str]]:
    """(event id, event name) of every event the adapter keeps, in the order recorded. There is
    no port for reading the outbox yet, so this looks inside each adapter."""
    if isinstance(db, MemoryDatabase):
        return [(event.event_id, event.name) for event in db.recorded_events()]
    assert isinstance(db, SqlDatabase)
    columns = outbox_event.c
    async with db.engine.connect() as connection:
        rows = await connection.execute(select(columns.event_id, columns.name).order_by(columns.id))
        return [(uuid.UUID(str(row[0])), row[1]) for row in rows]


async def test_events_of_a_committed_unit_of_work_are_recorded_in_order(
    db: Persistence,
) -> None:
    user = a_user()
    events: list[DomainEvent] = [
        *user.pull_events(),
        UserRegistered(occurred_at=CLOCK.now(), user_id=user.id),
    ]
    async with db.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.outbox.add(events)
        await uow.outbox.add([])
        await uow.commit()
    assert await recorded(db) == [(e.event_id, "user.registered") for e in events]


async def test_events_of_a_unit_of_work_left_without_commit_are_not_recorded(
    db: Persistence,
) -> None:
    kept, dropped = a_user(), a_user()
    kept_events, dropped_events = kept.pull_events(), dropped.pull_events()
    async with db.unit_of_work() as uow:
        await uow.users.add(kept)
        await uow.outbox.add(kept_events)
        await uow.commit()
    async with db.unit_of_work() as uow:
        await uow.users.add(dropped)
        await uow.outbox.add(dropped_events)
    assert [event_id for event_id, _ in await recorded(db)] == [kept_events[0].event_id]


async def test_use_cases_record_one_event_per_real_change(db: Persistence) -> None:
    author, fan = await stored_users(db, 2)
    articles = articles_use_case(db)
    view = await articles.create(author.id, a_new_article())
    await articles.favorite(view.slug, fan.id)
    await articles.favorite(view.slug, fan.id)  # already a favorite: no second event
    assert [name for _, name in await recorded(db)] == ["article.published", "article.favorited"]
