"""``quill serve --workers 2``: one scrape counts what every worker did, on the API port or on
``--metrics-port`` (the API port then has no ``/metrics``); the private multiprocess folder is
gone once the server stops.

Refused logins are counted by whichever worker answered. Requests go over fresh connections, in
concurrent batches, until each worker's own metric file shows some; then one scrape must show
them all. The folder is found under the server's ``TMPDIR``, which the test chooses.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.multiprocess import MultiProcessCollector

from tests.e2e.server import JWT_SECRET, free_port, quill_command
from tests.support.metrics import PROMETHEUS_TEXT, Scrape

READY_SECONDS = 120.0
STOP_SECONDS = 30.0
BATCH, PAUSE_SECONDS, BOTH_SECONDS = 8, 0.5, 150.0
FAILURES = "quill_login_failures_total"


@dataclass(frozen=True)
class Server:
    api: str
    temp: Path
    metrics: str | None

    def folder(self) -> Path:
        (found,) = self.temp.glob("quill-metrics-*")
        return found


@contextmanager
def quill_serve(workdir: Path, *options: str) -> Iterator[Server]:
    """``quill serve --migrate --workers 2`` on a SQLite file; stopped by its PID."""
    port, temp = free_port(), workdir / "tmp"
    temp.mkdir()
    env = {
        **os.environ,
        "TMPDIR": str(temp),
        "QUILL_ENV": "test",
        "QUILL_DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'quill.db'}",
        "QUILL_JWT_SECRET": JWT_SECRET,
        "QUILL_ARGON2_TIME_COST": "1",
        "QUILL_ARGON2_MEMORY_KIB": "8",
    }
    env.pop("QUILL_METRICS_PORT", None)
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    command = [*quill_command(), "serve", "--migrate", "--workers", "2", "--port", str(port)]
    log_path = workdir / "serve.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, *options], cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            api = f"http://127.0.0.1:{port}"
            wait_until_ready(process, f"{api}/api/tags", log_path)
            metrics = None
            if "--metrics-port" in options:
                metrics = f"http://127.0.0.1:{options[options.index('--metrics-port') + 1]}"
            yield Server(api, temp, metrics)
        finally:
            process.terminate()
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, log_path.read_text(errors="replace")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"not ready in {READY_SECONDS:g} s:\n{log_path.read_text()}")


def refused_login(api: str) -> None:
    """One refused login, on a connection of its own."""
    body = {"user": {"email": "nobody@example.com", "password": "wrong-password"}}
    with httpx.Client(timeout=30.0) as client:  # a client per call: a fresh connection
        assert client.post(f"{api}/api/users/login", json=body).status_code == 401


def failures_by_worker(folder: Path) -> dict[str, float]:
    """Refused logins counted in each worker's own counter file (named after its PID)."""
    counts = {}
    for path in folder.glob("counter_*.db"):
        merged = MultiProcessCollector.merge([str(path)])  # type: ignore[no-untyped-call]
        counts[path.stem] = sum(
            sample.value
            for metric in merged
            for sample in metric.samples
            if sample.name == FAILURES
        )
    return counts


def refuse_logins_until_both_workers_counted(server: Server) -> int:
    """Refused logins in concurrent batches until two workers counted some; returns how many.
    The pauses leave a worker that is still starting the CPU it needs."""
    sent, deadline = 0, time.monotonic() + BOTH_SECONDS
    with ThreadPoolExecutor(max_workers=BATCH) as pool:
        while time.monotonic() < deadline:
            list(pool.map(refused_login, [server.api] * BATCH))
            sent += BATCH
            counts = failures_by_worker(server.folder())
            if sum(1 for count in counts.values() if count > 0) == 2:
                assert sum(counts.values()) == sent
                return sent
            time.sleep(PAUSE_SECONDS)
    raise AssertionError(f"one worker answered all {sent} logins: {counts}")


def scrape(url: str) -> Scrape:
    response = httpx.get(f"{url}/metrics", timeout=10.0)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == PROMETHEUS_TEXT
    return Scrape.parse(response.text)


def test_one_scrape_on_the_api_port_counts_the_work_of_both_workers(tmp_path: Path) -> None:
    with quill_serve(tmp_path) as server:
        sent = refuse_logins_until_both_workers_counted(server)

        found = scrape(server.api)
        folder = server.folder()

    assert found.value(FAILURES) == sent
    assert found.value("quill_ready") == 1
    assert not folder.exists()  # removed with the server


def test_with_a_metrics_port_the_scrape_is_there_and_not_on_the_api_port(tmp_path: Path) -> None:
    metrics_port = free_port()
    with quill_serve(tmp_path, "--metrics-port", str(metrics_port)) as server:
        assert server.metrics is not None
        sent = refuse_logins_until_both_workers_counted(server)

        found = scrape(server.metrics)
        on_the_api_port = httpx.get(f"{server.api}/metrics", timeout=10.0)

    assert found.value(FAILURES) == sent
    assert on_the_api_port.status_code == 404
