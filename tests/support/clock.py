"""A controllable ``Clock`` for tests: timezone-aware UTC, deterministic, never sleeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from application.ports import Clock

START = datetime(2024, 1, 1, tzinfo=UTC)
TICK = timedelta(milliseconds=1)


class TestClock(Clock):
    """Starts at ``start``; every ``now()`` returns the current instant, then moves ``tick`` on,
    so successive events are strictly ordered. ``advance()`` jumps forward (or back) at will."""

    __test__ = False  # not a test class, whatever its name says

    def __init__(self, start: datetime = START, tick: timedelta = TICK) -> None:
        if start.utcoffset() != timedelta(0):
            raise ValueError("a test clock runs on timezone-aware UTC")
        self._current = start.astimezone(UTC)
        self._tick = tick

    def now(self) -> datetime:
        current = self._current
        self._current = current + self._tick
        return current

    def peek(self) -> datetime:
        """The instant the next ``now()`` will return, without moving the clock."""
        return self._current

    def advance(self, by: timedelta = timedelta(seconds=1)) -> datetime:
        """Move the clock by ``by`` and return the new current instant."""
        self._current += by
        return self._current
