"""Page requests: defaults, the cap on ``limit`` and the bounds on ``offset``."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.paging import PageRequest


def test_no_values_give_the_default_page() -> None:
    assert PageRequest.of() == PageRequest(limit=20, offset=0)
    assert PageRequest.of(None, None) == PageRequest()


def test_given_values_are_kept() -> None:
    assert PageRequest.of(limit=5, offset=40) == PageRequest(limit=5, offset=40)


@pytest.mark.parametrize(("asked", "given"), [(100, 100), (101, 100), (10_000, 100), (1, 1)])
def test_limit_is_capped_at_100(asked: int, given: int) -> None:
    assert PageRequest.of(limit=asked).limit == given


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_is_refused_naming_limit(limit: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        PageRequest.of(limit=limit)
    assert caught.value.errors == {"limit": ("must be greater than 0",)}


def test_a_negative_offset_is_refused_naming_offset() -> None:
    with pytest.raises(InvalidInput) as caught:
        PageRequest.of(offset=-1)
    assert caught.value.errors == {"offset": ("must be 0 or greater",)}


def test_the_largest_offset_is_allowed_and_one_more_is_refused() -> None:
    assert PageRequest.of(offset=1_000_000_000).offset == 1_000_000_000
    with pytest.raises(InvalidInput) as caught:
        PageRequest.of(offset=1_000_000_001)
    assert caught.value.errors == {"offset": ("must be at most 1000000000",)}


def test_a_bad_limit_and_a_bad_offset_are_reported_together() -> None:
    with pytest.raises(InvalidInput) as caught:
        PageRequest.of(limit=0, offset=-5)
    assert set(caught.value.errors) == {"limit", "offset"}
