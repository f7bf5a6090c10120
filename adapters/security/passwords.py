"""Argon2id password hashing (argon2-cffi), run on a small thread pool of its own.

Argon2 is deliberately slow and memory hard; it releases the GIL while it works, so a thread pool
gives real parallelism. The pool is dedicated and bounded (one thread per CPU) so a burst of logins
queues up here instead of starving the event loop's default executor, which other code uses for
short blocking calls.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from argon2 import PasswordHasher as _Argon2
from argon2 import Type
from argon2.exceptions import InvalidHashError, VerificationError
from prometheus_client import Histogram

from adapters.security.metrics import HASH_DURATION, QUEUE_DEPTH, VERIFY_DURATION
from application.ports import PasswordHasher

_T = TypeVar("_T")
_ARGON2ID_PREFIX = "$argon2id$"
_MIN_MEMORY_KIB_PER_LANE = 8  # argon2 needs at least 8 KiB of memory per lane


class Argon2PasswordHasher(PasswordHasher):
    """Argon2id with the given cost; ``hash`` and ``verify`` never block the event loop."""

    def __init__(
        self,
        *,
        time_cost: int,
        memory_kib: int,
        parallelism: int,
        max_workers: int | None = None,
    ) -> None:
        if time_cost < 1 or parallelism < 1:
            raise ValueError("argon2 time cost and parallelism must be at least 1")
        if memory_kib < _MIN_MEMORY_KIB_PER_LANE * parallelism:
            raise ValueError(
                f"argon2 memory must be at least {_MIN_MEMORY_KIB_PER_LANE} KiB per lane "
                f"({_MIN_MEMORY_KIB_PER_LANE * parallelism} KiB for parallelism {parallelism})"
            )
        self._argon2 = _Argon2(
            time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism, type=Type.ID
        )
        self._executor = ThreadPoolExecutor(
            max_workers=max_workers or hashing_threads(), thread_name_prefix="argon2"
        )
        self._decoy: str | None = None
        self._decoy_lock = threading.Lock()

    async def hash(self, password: str) -> str:
        return await self._off_loop(HASH_DURATION, self._hash_sync, password)

    async def verify(self, password_hash: str | None, password: str) -> bool:
        if password_hash is None:
            return await self._off_loop(VERIFY_DURATION, self._verify_decoy_sync, password)
        return await self._off_loop(VERIFY_DURATION, self._verify_sync, password_hash, password)

    def needs_rehash(self, password_hash: str) -> bool:
        """True when the hash was made with other parameters than these (argon2's own check) or is
        unreadable; a login that verified the hash then stores a fresh one."""
        try:
            return self._argon2.check_needs_rehash(password_hash)
        except (InvalidHashError, UnicodeError):
            return True

    def close(self) -> None:
        """Stop the worker threads once the work already queued is done."""
        self._executor.shutdown(wait=True)

    async def _off_loop(self, duration: Histogram, work: Callable[..., _T], *args: str) -> _T:
        """``work(*args)`` on a hashing thread. The job counts as queued until a thread starts it,
        or until it is cancelled before starting (its caller went away)."""
        QUEUE_DEPTH.inc()
        try:
            job = self._executor.submit(_timed, duration, work, *args)
        except BaseException:  # the pool is shut down: nothing was queued
            QUEUE_DEPTH.dec()
            raise
        job.add_done_callback(_unqueue_if_cancelled)
        return await asyncio.wrap_future(job)

    def _hash_sync(self, password: str) -> str:
        return self._argon2.hash(_encode(password))

    def _verify_sync(self, password_hash: str, password: str) -> bool:
        if not password_hash.startswith(_ARGON2ID_PREFIX):
            return False
        try:
            return self._argon2.verify(password_hash, _encode(password))
        except (VerificationError, InvalidHashError, UnicodeError):
            return False

    def _verify_decoy_sync(self, password: str) -> bool:
        """Spend as long as a real check against a hash with these parameters, then say no."""
        self._verify_sync(self._decoy_hash(), password)
        return False

    def _decoy_hash(self) -> str:
        with self._decoy_lock:
            if self._decoy is None:
                self._decoy = self._hash_sync(secrets.token_urlsafe(32))
            return self._decoy


def _timed(duration: Histogram, work: Callable[..., _T], *args: str) -> _T:
    QUEUE_DEPTH.dec()
    started = time.perf_counter()
    try:
        return work(*args)
    finally:
        duration.observe(time.perf_counter() - started)


def _unqueue_if_cancelled(job: Future[Any]) -> None:
    if job.cancelled():
        QUEUE_DEPTH.dec()


def hashing_threads() -> int:
    """All usable CPUs but one (at least one): however many logins arrive at once, a core stays
    free for the event loop, so password work slows logins down rather than every request."""
    return max(1, _usable_cpus() - 1)


def _usable_cpus() -> int:
    """CPUs this process may run on (a container's CPU set, not the whole host's)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _encode(password: str) -> bytes:
    """UTF-8, keeping lone surrogates (which JSON can carry) instead of failing on them."""
    return password.encode("utf-8", "surrogatepass")
