"""The test clock itself: UTC, strictly increasing, and movable at will."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.support.clock import START, TestClock


def test_the_clock_starts_at_a_fixed_utc_instant() -> None:
    now = TestClock().now()
    assert now == START
    assert now.utcoffset() == timedelta(0)


def test_each_reading_is_one_millisecond_after_the_last() -> None:
    clock = TestClock()
    first, second = clock.now(), clock.now()
    assert second - first == timedelta(milliseconds=1)


def test_peek_shows_the_next_reading_without_moving_the_clock() -> None:
    clock = TestClock()
    assert clock.peek() == clock.peek() == clock.now()


def test_advance_moves_the_clock_by_the_given_amount() -> None:
    clock = TestClock()
    assert clock.advance(timedelta(hours=2)) == START + timedelta(hours=2)
    assert clock.now() == START + timedelta(hours=2)


def test_a_start_in_another_zone_at_offset_zero_is_kept_as_utc() -> None:
    start = datetime(2030, 5, 6, 7, 8, tzinfo=timezone(timedelta(0)))
    assert TestClock(start).now().tzinfo is UTC


@pytest.mark.parametrize(
    "start", [datetime(2024, 1, 1), datetime(2024, 1, 1, tzinfo=timezone(timedelta(hours=2)))]
)
def test_a_naive_or_non_utc_start_is_refused(start: datetime) -> None:
    with pytest.raises(ValueError, match="UTC"):
        TestClock(start)
