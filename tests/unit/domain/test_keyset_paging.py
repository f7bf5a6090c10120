"""Keyset page requests: defaults, ``limit`` 1-100 refused (not capped) beyond, positions that
must carry a time zone, and which items come after a position in each order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import InvalidInput
from domain.paging import KeysetRequest, Position, Sort, limit_problems

T = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)


def test_no_values_give_the_first_twenty_newest_first_without_a_total() -> None:
    request = KeysetRequest.of()
    assert request == KeysetRequest(limit=20, sort=Sort.NEWEST_FIRST, after=None)
    assert request.with_total is False


@pytest.mark.parametrize("limit", [1, 20, 100])
def test_a_limit_from_1_to_100_is_kept(limit: int) -> None:
    assert KeysetRequest.of(limit=limit).limit == limit


@pytest.mark.parametrize(
    ("limit", "problem"),
    [(0, "must be greater than 0"), (-3, "must be greater than 0"), (101, "must be at most 100")],
)
def test_a_limit_outside_1_to_100_is_refused_naming_limit(limit: int, problem: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        KeysetRequest.of(limit=limit)
    assert caught.value.errors == {"limit": (problem,)}


def test_every_problem_is_named_at_once() -> None:
    naive = Position(T.replace(tzinfo=None), "x")
    with pytest.raises(InvalidInput) as caught:
        KeysetRequest.of(limit=500, after=naive)
    assert set(caught.value.errors) == {"limit", "after"}


def test_limit_problems_speak_of_the_given_maximum() -> None:
    assert limit_problems(11, 10) == ["must be at most 10"]
    assert limit_problems(10, 10) == []


@pytest.mark.parametrize(
    ("sort", "key", "after"),
    [
        (Sort.NEWEST_FIRST, (T - timedelta(microseconds=1), 9), True),
        (Sort.NEWEST_FIRST, (T, 4), True),  # same time, smaller id: later in newest first
        (Sort.NEWEST_FIRST, (T, 5), False),  # the position itself
        (Sort.NEWEST_FIRST, (T, 6), False),
        (Sort.OLDEST_FIRST, (T, 6), True),
        (Sort.OLDEST_FIRST, (T, 5), False),
        (Sort.OLDEST_FIRST, (T + timedelta(microseconds=1), 0), True),
        (Sort.OLDEST_FIRST, (T - timedelta(microseconds=1), 9), False),
    ],
)
def test_an_item_comes_after_the_position_by_time_then_id(
    sort: Sort, key: tuple[datetime, int], after: bool
) -> None:
    request = KeysetRequest.of(sort=sort, after=Position(T, 5))
    assert request.comes_after(*key) is after


def test_without_a_position_every_item_comes_after() -> None:
    assert KeysetRequest.of().comes_after(T, 1) is True
