"""The operational paths, named once: the probes, the scrape, and the set of them that
orchestrators and scrapers poll every few seconds."""

from __future__ import annotations

from typing import Final

HEALTHZ: Final = "/healthz"
READYZ: Final = "/readyz"
METRICS_PATH: Final = "/metrics"
PROBE_PATHS: Final = frozenset({HEALTHZ, READYZ})
# Polled every few seconds: their access lines go to DEBUG, and a trace each would bury the real
# ones.
POLLED_PATHS: Final = PROBE_PATHS | {METRICS_PATH}
