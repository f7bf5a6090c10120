"""``quill_password_hash_queue_depth`` counts the jobs waiting for a hashing thread: not the one
running, and not one whose caller gave up before it started. The hasher's only thread is held
by a job that waits for the test, so nothing here depends on how fast argon2 is."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY

from adapters.security.passwords import Argon2PasswordHasher

WAIT_SECONDS = 10.0


def queue_depth() -> float:
    value = REGISTRY.get_sample_value("quill_password_hash_queue_depth")
    assert value is not None
    return value


@pytest.fixture
def hasher() -> Iterator[Argon2PasswordHasher]:
    one_thread = Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1, max_workers=1)
    yield one_thread
    one_thread.close()


async def test_jobs_count_as_queued_until_a_thread_starts_them(
    hasher: Argon2PasswordHasher, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real_hash = hasher._hash_sync

    def held_hash(password: str) -> str:
        started.set()
        release.wait(WAIT_SECONDS)
        return real_hash(password)

    monkeypatch.setattr(hasher, "_hash_sync", held_hash)
    before = queue_depth()

    running = asyncio.create_task(hasher.hash("first"))
    assert await asyncio.to_thread(started.wait, WAIT_SECONDS)
    queued = [asyncio.create_task(hasher.hash(word)) for word in ("second", "third")]
    await asyncio.sleep(0)  # let both submit their job
    assert queue_depth() == before + 2

    queued[1].cancel()  # its caller goes away before a thread took it
    await asyncio.gather(queued[1], return_exceptions=True)
    assert queue_depth() == before + 1

    release.set()
    await asyncio.gather(running, queued[0])
    assert queue_depth() == before
