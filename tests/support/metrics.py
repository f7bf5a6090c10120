"""Reading a Prometheus scrape in tests: every sample by name and labels, parsed by
prometheus-client's own parser. Metrics are process-wide, so tests compare two scrapes."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8"

SampleKey = tuple[str, frozenset[tuple[str, str]]]


@dataclass(frozen=True)
class Scrape:
    samples: dict[SampleKey, float]
    families: frozenset[str]

    @classmethod
    def parse(cls, text: str) -> Scrape:
        samples: dict[SampleKey, float] = {}
        families = set()
        for family in text_string_to_metric_families(text):
            families.add(family.name)
            for sample in family.samples:
                samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
        return cls(samples, frozenset(families))

    def samples_named(self) -> set[str]:
        return {name for name, _ in self.samples}

    def value(self, name: str, **labels: str) -> float:
        """The sample's value; 0 for a labelled series not created yet."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)


async def scrape(client: httpx.AsyncClient, path: str = "/metrics") -> Scrape:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == PROMETHEUS_TEXT
    return Scrape.parse(response.text)


async def scrape_until(
    client: httpx.AsyncClient,
    holds: Callable[[Scrape], bool],
    what: str,
    *,
    every: float = 0.01,
    wait: float = 10.0,
) -> Scrape:
    """Scrape every ``every`` seconds until ``holds``; fail after ``wait`` seconds."""
    try:
        async with asyncio.timeout(wait):
            while True:
                found = await scrape(client)
                if holds(found):
                    return found
                await asyncio.sleep(every)
    except TimeoutError:
        pytest.fail(f"the metrics did not show {what} within {wait:g} s")
