"""The correlation of the work being done: bound for a block, restored after it, one per task."""

from __future__ import annotations

import asyncio

from application.context import UNCORRELATED, Correlation, correlated, current_correlation


def test_work_outside_any_block_is_uncorrelated() -> None:
    assert current_correlation() == UNCORRELATED == Correlation(None, None)


def test_a_block_binds_its_correlation_and_the_previous_one_comes_back_after() -> None:
    outer, inner = (
        Correlation("outer"),
        Correlation("inner", "00-" + "1" * 32 + "-" + "2" * 16 + "-01"),
    )

    with correlated(outer):
        with correlated(inner):
            seen_inside = current_correlation()
        seen_after_inner = current_correlation()

    assert (seen_inside, seen_after_inner, current_correlation()) == (inner, outer, UNCORRELATED)


def test_a_block_left_by_an_exception_still_restores_the_previous_correlation() -> None:
    try:
        with correlated(Correlation("failing")):
            raise LookupError
    except LookupError:
        pass

    assert current_correlation() == UNCORRELATED


async def test_concurrent_tasks_each_see_only_their_own_correlation() -> None:
    async def serve(request_id: str) -> str | None:
        with correlated(Correlation(request_id)):
            await asyncio.sleep(0)  # the other task runs here
            return current_correlation().request_id

    assert list(await asyncio.gather(serve("a"), serve("b"))) == ["a", "b"]
