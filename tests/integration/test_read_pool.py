"""The PostgreSQL read pool's rules, on fake connections and a fake clock: last-in-first-out reuse,
a bounded number of connections, waiting with a deadline, no reuse of a connection in an unknown
state, a maximum age, dropping connections idle too long, and fresh connections on demand.
(``test_sql_faults.py`` holds the same rules against a real server.)"""

from __future__ import annotations

import asyncio
import itertools

import pytest

from adapters.persistence.sql.read_pool import ReadPool, ReadPoolTimeout


class FakeConnection:
    def __init__(self, number: int) -> None:
        self.number = number
        self.terminated = self.closed = False

    def is_closed(self) -> bool:
        return self.terminated or self.closed

    def terminate(self) -> None:
        self.terminated = True

    async def close(self, timeout: float | None = None) -> None:  # noqa: ASYNC109 - asyncpg's signature
        self.closed = True


class ServerError(Exception):
    sqlstate = "42P01"


class Connector:
    def __init__(self) -> None:
        self.made: list[FakeConnection] = []
        self._numbers = itertools.count(1)
        self.fail_next = False

    async def __call__(self) -> FakeConnection:
        if self.fail_next:
            self.fail_next = False
            raise OSError("connection refused")
        connection = FakeConnection(next(self._numbers))
        self.made.append(connection)
        return connection


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


MAX_AGE, MAX_IDLE = 100.0, 10.0


def _pool(
    connector: Connector, size: int = 2, timeout: float = 1.0, clock: Clock | None = None
) -> ReadPool:
    return ReadPool(
        connector,
        size=size,
        timeout=timeout,
        max_age=MAX_AGE,
        max_idle=MAX_IDLE,
        clock=clock or Clock(),
    )


async def test_the_connection_returned_last_is_handed_out_first() -> None:
    connector = Connector()
    pool = _pool(connector)
    async with pool.connection() as first, pool.connection() as second:
        assert (first.number, second.number) == (1, 2)
    async with pool.connection() as again:
        assert again is connector.made[0]  # 1 went back after 2: it is on top of the stack
    assert len(connector.made) == 2


async def test_a_caller_beyond_the_size_waits_for_a_connection_to_come_back() -> None:
    connector = Connector()
    pool = _pool(connector, size=1)
    order: list[str] = []

    async def hold() -> None:
        async with pool.connection():
            order.append("held")
            await asyncio.sleep(0.05)
        order.append("released")

    async def wait() -> None:
        await asyncio.sleep(0.01)
        async with pool.connection() as connection:
            order.append(f"got {connection.number}")

    await asyncio.gather(hold(), wait())
    assert order == ["held", "released", "got 1"]
    assert len(connector.made) == 1


async def test_waiting_past_the_timeout_raises_and_frees_nothing() -> None:
    pool = _pool(Connector(), size=1, timeout=0.05)
    async with pool.connection():
        with pytest.raises(ReadPoolTimeout, match=r"within 0\.05 s"):
            async with pool.connection():
                pass  # pragma: no cover - never reached
    async with pool.connection() as connection:  # the slot came back once the holder left
        assert connection.number == 1


async def test_a_connection_that_failed_without_a_server_error_is_terminated_not_reused() -> None:
    connector = Connector()
    pool = _pool(connector)
    with pytest.raises(ConnectionResetError):
        async with pool.connection():
            raise ConnectionResetError
    async with pool.connection() as fresh:
        assert fresh.number == 2
    assert connector.made[0].terminated


async def test_a_connection_that_reported_a_server_error_is_reused() -> None:
    connector = Connector()
    pool = _pool(connector)
    with pytest.raises(ServerError):
        async with pool.connection():
            raise ServerError
    async with pool.connection() as same:
        assert same is connector.made[0]
    assert not connector.made[0].terminated


async def test_a_cancelled_read_does_not_leave_its_connection_in_the_pool() -> None:
    connector = Connector()
    pool = _pool(connector)

    async def read() -> None:
        async with pool.connection():
            await asyncio.sleep(10)

    task = asyncio.create_task(read())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert connector.made[0].terminated
    async with pool.connection() as fresh:
        assert fresh.number == 2


async def test_a_failed_connect_gives_its_slot_back() -> None:
    connector = Connector()
    pool = _pool(connector, size=1, timeout=0.05)
    connector.fail_next = True
    with pytest.raises(OSError, match="refused"):
        async with pool.connection():
            pass  # pragma: no cover - never reached
    async with pool.connection() as connection:
        assert connection.number == 1


async def test_closing_closes_idle_connections_and_those_in_use_as_they_return() -> None:
    connector = Connector()
    pool = _pool(connector)
    async with pool.connection() as busy:
        async with pool.connection() as idle:
            pass
        await pool.close()
        assert idle.closed
        assert not busy.is_closed()
    assert busy.closed
    with pytest.raises(RuntimeError, match="closed"):
        async with pool.connection():
            pass  # pragma: no cover - never reached


def test_a_pool_needs_room_for_one_connection() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ReadPool(Connector(), size=0, timeout=1.0)


async def test_a_connection_past_its_maximum_age_is_closed_and_replaced_when_taken() -> None:
    connector, clock = Connector(), Clock()
    pool = _pool(connector, clock=clock)
    async with pool.connection() as aging:
        pass
    step = MAX_IDLE - 1  # never idle too long
    for _ in range(int(MAX_AGE // step)):
        clock.now += step
        async with pool.connection() as same:
            assert same is aging
    clock.now += step  # now older than MAX_AGE
    async with pool.connection() as renewed:
        assert renewed.number == 2
    assert aging.closed
    assert not aging.terminated  # closed politely: it was healthy


async def test_a_connection_that_grew_too_old_in_use_is_closed_when_it_comes_back() -> None:
    connector, clock = Connector(), Clock()
    pool = _pool(connector, clock=clock)
    async with pool.connection() as aging:
        clock.now += MAX_AGE + 1
    assert aging.closed
    async with pool.connection() as fresh:
        assert fresh.number == 2


async def test_a_connection_idle_longer_than_the_bound_is_dropped_not_handed_out() -> None:
    connector, clock = Connector(), Clock()
    pool = _pool(connector, clock=clock)
    async with pool.connection() as idle:
        pass
    clock.now += MAX_IDLE + 1
    async with pool.connection() as taken:
        assert taken.number == 2
    assert idle.closed


async def test_the_longest_idle_connection_is_dropped_while_others_stay_in_use() -> None:
    connector, clock = Connector(), Clock()
    pool = _pool(connector, size=3, clock=clock)
    async with pool.connection() as first, pool.connection() as second:
        pass  # both idle now, second below first (it went back first)
    for _ in range(3):  # a quiet load: one connection at a time, always the one on top
        clock.now += MAX_IDLE / 2
        async with pool.connection() as busy:
            assert busy is first
    assert second.closed
    assert not first.is_closed()


async def test_a_connection_the_driver_knows_is_closed_is_not_handed_out() -> None:
    connector = Connector()
    pool = _pool(connector)
    async with pool.connection() as cut:
        pass
    cut.terminated = True  # e.g. the server ended it while it sat idle
    async with pool.connection() as fresh:
        assert fresh.number == 2


async def test_a_fresh_connection_is_opened_on_demand_though_others_are_idle() -> None:
    connector = Connector()
    pool = _pool(connector)
    async with pool.connection() as idle:
        pass
    async with pool.connection(fresh=True) as fresh:
        assert fresh.number == 2
    async with pool.connection() as again:
        assert again is fresh  # returned last, on top; the older one is still there below
    assert not idle.is_closed()


class ShutDown(Exception):
    sqlstate = "57P01"  # admin_shutdown: the server ended the session


async def test_a_connection_whose_session_the_server_ended_is_terminated_not_reused() -> None:
    connector = Connector()
    pool = _pool(connector)
    with pytest.raises(ShutDown):
        async with pool.connection():
            raise ShutDown  # the driver may not have seen the socket close yet
    async with pool.connection() as fresh:
        assert fresh.number == 2
    assert connector.made[0].terminated
