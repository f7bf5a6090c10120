"""Prometheus metrics of password hashing: how many jobs wait for a hashing thread, and how long
argon2 works on each one."""

from __future__ import annotations

from typing import Final

from prometheus_client import Gauge, Histogram

HASH: Final = "hash"
VERIFY: Final = "verify"
# Argon2id at the default cost takes tens to hundreds of milliseconds per job on one core.
DURATION_BUCKETS: Final = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

QUEUE_DEPTH: Final = Gauge(
    "quill_password_hash_queue_depth",
    "Password hash and verify jobs submitted to the hashing threads that have not started yet.",
    multiprocess_mode="livesum",
)
DURATION: Final = Histogram(
    "quill_password_hash_duration_seconds",
    "Time argon2 spent on one job, on its thread (queueing not included), by operation.",
    ("operation",),
    buckets=DURATION_BUCKETS,
)
HASH_DURATION: Final = DURATION.labels(operation=HASH)
VERIFY_DURATION: Final = DURATION.labels(operation=VERIFY)
