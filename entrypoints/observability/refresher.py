"""Sets ``quill_ready`` and ``quill_outbox_lag_seconds`` from the database every few seconds.

One small task per worker, started by the API's lifespan: each round asks the persistence port
for its health and its oldest unpublished event, each question bounded by a timeout. A failing
or slow database makes the worker not ready (and leaves the lag as last seen); nothing it does
ever ends the task or the app.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Final

from application.ports import Persistence
from entrypoints.observability.service_metrics import OUTBOX_LAG, READY

# The readiness rule: the database answers within one second.
CHECK_TIMEOUT_SECONDS: Final = 1.0
Now = Callable[[], datetime]

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


async def refresh(
    persistence: Persistence, *, limit: float = CHECK_TIMEOUT_SECONDS, now: Now = _utc_now
) -> str | None:
    """One round: set both gauges; returns why the database cannot serve, or ``None``. Each
    question to the database may take ``limit`` seconds."""
    try:
        async with asyncio.timeout(limit):
            reason = await persistence.health()
    except TimeoutError:
        reason = f"the database did not answer within {limit:g} s"
    except Exception as error:  # a health check that fails is an answer too: not ready
        reason = f"the health check failed: {type(error).__name__}"
    READY.set(1 if reason is None else 0)
    if reason is not None:
        return reason
    try:
        async with asyncio.timeout(limit):
            oldest = await persistence.oldest_unpublished_event()
    except Exception as error:  # the lag stays as last seen; readiness said what it knows
        log.warning("outbox lag not refreshed: %s", type(error).__name__)
        return None
    OUTBOX_LAG.set(0.0 if oldest is None else max(0.0, _age(oldest, now())))
    return None


def _age(then: datetime, now: datetime) -> float:
    if then.tzinfo is None:  # stored as UTC without an offset
        then = then.replace(tzinfo=UTC)
    return (now - then).total_seconds()


async def _refresh_forever(persistence: Persistence, interval: float, ready: bool) -> None:
    # Rounds never overlap (the interval is slept between them), so a short interval needs no
    # shorter limit: cutting a check short would cancel a connection being opened, every round.
    while True:
        await asyncio.sleep(interval)
        reason = await refresh(persistence)
        if (reason is None) != ready:  # told once per change, not every round
            ready = reason is None
            _tell(reason)


def _tell(reason: str | None) -> None:
    if reason is None:
        log.info("the database serves again")
    else:
        log.warning("the database cannot serve: %s", reason)


@asynccontextmanager
async def refreshing(persistence: Persistence, *, interval: float) -> AsyncIterator[None]:
    """Refresh the gauges every ``interval`` seconds while inside. The first round runs before
    entering, so the first scrape already knows, and no round overlaps the first requests."""
    reason = await refresh(persistence)
    if reason is not None:
        _tell(reason)
    task = asyncio.create_task(
        _refresh_forever(persistence, interval, reason is None), name="quill-metrics"
    )
    try:
        yield
    finally:
        task.cancel()
        await asyncio.wait([task])
