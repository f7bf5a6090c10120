"""The HTTP surface's Prometheus metrics, recorded by the request middleware.

Labels stay bounded: ``route`` is the route template (``/api/articles/{slug}``), or ``unmatched``
for a path no route knows. Gauges name how ``quill serve --workers N`` sums them across workers.
"""

from __future__ import annotations

from typing import Final

from prometheus_client import Counter, Gauge, Histogram

UNMATCHED_ROUTE: Final = "unmatched"
# From 5 ms to 10 s: the reads answer in a few milliseconds, a login takes a few hundred.
LATENCY_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS: Final = Counter(
    "quill_http_requests",
    "HTTP requests answered, by method, route template and status.",
    ("method", "route", "status"),
)
LATENCY: Final = Histogram(
    "quill_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by method, route and status.",
    ("method", "route", "status"),
    buckets=LATENCY_BUCKETS,
)
IN_FLIGHT: Final = Gauge(
    "quill_http_requests_in_flight",
    "HTTP requests being answered now.",
    multiprocess_mode="livesum",
)
