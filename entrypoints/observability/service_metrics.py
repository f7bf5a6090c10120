"""Metrics of the service as a whole: refused logins, the outbox's lag and readiness.

The lag and readiness are database-wide values with no event to set them, and multiprocess mode
has no callback gauges, so ``refresher.py`` sets them every few seconds from each worker; a
scrape shows the highest lag and the lowest readiness among live workers.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import Counter, Gauge

LOGIN_FAILURES: Final = Counter(
    "quill_login_failures",
    "Logins refused: unknown email or wrong password.",
)
OUTBOX_LAG: Final = Gauge(
    "quill_outbox_lag_seconds",
    "Age of the oldest outbox event not yet published; 0 when none waits.",
    multiprocess_mode="livemax",
)
READY: Final = Gauge(
    "quill_ready",
    "1 when the database answers and its schema is at the newest migration, else 0.",
    multiprocess_mode="livemin",
)
