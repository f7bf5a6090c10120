"""Run wrk against a loopback URL and read its summary (req/s, latency percentiles, failures)."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

LUA = Path(__file__).with_name("lua")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
_LATENCY = re.compile(r"^\s*(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE)
_TOTAL = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m)", re.MULTILINE)
_NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


@dataclass(frozen=True, slots=True)
class Load:
    """One wrk run: where, how hard, for how long, and which Lua script (if any)."""

    url: str
    threads: int
    connections: int
    seconds: float
    script: str | None = None
    headers: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()
    timeout_seconds: int = 30


@dataclass(frozen=True, slots=True)
class Result:
    requests: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    def as_dict(self) -> dict[str, float | int]:
        return asdict(self)


def command(load: Load) -> list[str]:
    host = urlsplit(load.url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError(f"load tests only target loopback, not {host!r}")
    args = [
        "wrk",
        f"-t{load.threads}",
        f"-c{max(load.connections, load.threads)}",
        f"-d{max(1, round(load.seconds))}s",
        f"--timeout={load.timeout_seconds}s",
        "--latency",
    ]
    for header in load.headers:
        args += ["-H", header]
    if load.script:
        args += ["-s", str(LUA / load.script)]
    return [*args, load.url]


def start(load: Load) -> subprocess.Popen[str]:
    """Start wrk in the background (it stops by itself after ``load.seconds``)."""
    return subprocess.Popen(
        command(load),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **dict(load.env)},
    )


def finish(process: subprocess.Popen[str], load: Load) -> Result:
    output, _ = process.communicate(timeout=load.seconds + load.timeout_seconds + 30)
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed ({process.returncode}): {output.strip()}")
    return parse(output)


def run(load: Load) -> Result:
    return finish(start(load), load)


def combine(results: list[Result]) -> Result:
    """Short runs of one load as one: requests and failures add up, the rate is all requests over
    all the time, and each latency percentile is the median of the runs' (wrk reports no
    histogram to merge)."""
    if len(results) == 1:
        return results[0]
    seconds = sum(result.requests / result.rps for result in results if result.rps > 0)
    requests = sum(result.requests for result in results)
    return Result(
        requests=requests,
        rps=requests / seconds if seconds > 0 else 0.0,
        p50_ms=statistics.median(result.p50_ms for result in results),
        p90_ms=statistics.median(result.p90_ms for result in results),
        p99_ms=statistics.median(result.p99_ms for result in results),
        non_2xx=sum(result.non_2xx for result in results),
        socket_errors=sum(result.socket_errors for result in results),
    )


def parse(output: str) -> Result:
    latency = {int(p): float(v) * _UNITS[unit] for p, v, unit in _LATENCY.findall(output)}
    rate, total = _RATE.search(output), _TOTAL.search(output)
    if rate is None or total is None:
        raise RuntimeError(f"cannot read wrk's summary:\n{output}")
    non_2xx = _NON_2XX.search(output)
    socket = _SOCKET.search(output)
    return Result(
        requests=int(total.group(1)),
        rps=float(rate.group(1)),
        p50_ms=latency.get(50, float("nan")),
        p90_ms=latency.get(90, float("nan")),
        p99_ms=latency.get(99, float("nan")),
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in socket.groups()) if socket else 0,
    )
