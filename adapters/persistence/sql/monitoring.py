"""What an operator asks of the database rather than the core: is it ready to serve, and how far
behind is the outbox."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Final

from alembic.script import ScriptDirectory
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.sql.engine import read_engine
from adapters.persistence.sql.errors import root_cause
from adapters.persistence.sql.migrator import alembic_config
from adapters.persistence.sql.tables import outbox_event

_VERSION = text("SELECT version_num FROM alembic_version")
_OLDEST_UNPUBLISHED: Final = (
    select(outbox_event.c.occurred_at)
    .where(outbox_event.c.published_at.is_(None))
    .order_by(outbox_event.c.id)  # the partial index on unpublished ids
    .limit(1)
)
_MAX_REASON = 200


@cache
def head_revision() -> str:
    """The newest migration this release ships."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("the migrations have no head revision")
    return head


async def health(engine: AsyncEngine) -> str | None:
    """``None`` when the database answers and its schema is at ``head_revision()``; else why."""
    try:
        async with read_engine(engine).connect() as connection:
            versions = set((await connection.execute(_VERSION)).scalars())
    except Exception as error:  # every failure is a reason not to serve, none is a crash
        cause = root_cause(error)
        if "alembic_version" in str(cause):
            return "the database has no schema yet: run `quill migrate`"
        return f"the database does not answer: {type(cause).__name__}: {cause}"[:_MAX_REASON]
    head = head_revision()
    if versions != {head}:
        found = ", ".join(sorted(versions)) or "none"
        return f"the schema is at migration {found}, this release needs {head}: run `quill migrate`"
    return None


async def oldest_unpublished_event(engine: AsyncEngine) -> datetime | None:
    async with read_engine(engine).connect() as connection:
        found: datetime | None = (await connection.execute(_OLDEST_UNPUBLISHED)).scalar()
    return found
