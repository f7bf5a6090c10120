"""The benchmark report: a Markdown table (and the raw figures as JSON) under bench/results/."""

from __future__ import annotations

import json
import math
import os
import platform
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

STANDARD = {"duration": 15.0, "warmup": 5.0, "threads": 2, "connections": 32}


def render(results: dict[str, Any]) -> str:
    config = results["config"]
    lines = [
        f"# Quill vs the floor — {results['started']}",
        "",
        *_context(results),
        "",
        "| scenario | Quill req/s | floor req/s | Quill ÷ floor | Quill p50 / p99 (ms) "
        "| floor p50 / p99 (ms) | non-2xx Quill / floor | socket errors Quill / floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["rows"]:
        quill, floor = row["quill"], row["floor"]
        lines.append(
            f"| {row['scenario']} | {quill['rps']:.0f} | {floor['rps']:.0f} "
            f"| {_ratio(quill['rps'], floor['rps'])} "
            f"| {quill['p50_ms']:.1f} / {quill['p99_ms']:.1f} "
            f"| {floor['p50_ms']:.1f} / {floor['p99_ms']:.1f} "
            f"| {quill['non_2xx']} / {floor['non_2xx']} "
            f"| {quill['socket_errors']} / {floor['socket_errors']} |"
        )
    lines += [
        "",
        f"## List p99 while logins run ({config['login_connections']} login connections beside "
        f"{config['connections']} list connections, same server; target at most 2x)",
        "",
        "| app | list p99 alone (ms) | list p99 beside logins (ms) | ratio | list req/s alone "
        "/ beside | logins req/s | non-2xx list / logins |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for item in results["beside_logins"]:
        alone, beside, logins = item["alone"], item["beside"], item["logins"]
        lines.append(
            f"| {item['app']} | {alone['p99_ms']:.1f} | {beside['p99_ms']:.1f} "
            f"| {_ratio(beside['p99_ms'], alone['p99_ms'])} "
            f"| {alone['rps']:.0f} / {beside['rps']:.0f} | {logins['rps']:.1f} "
            f"| {alone['non_2xx'] + beside['non_2xx']} / {logins['non_2xx']} |"
        )
    if results["preflight"]:
        lines += ["", "## Preflight problems", ""]
        lines += [f"- {problem}" for problem in results["preflight"]]
    return "\n".join(lines) + "\n"


def standard(config: dict[str, Any]) -> bool:
    """Whether a run used the standard durations and load (its figures are comparable)."""
    return all(config[k] == v for k, v in STANDARD.items())


def _context(results: dict[str, Any]) -> list[str]:
    config = results["config"]
    rounds = config.get("rounds", 1)  # results before rounds existed ran one 15 s run each
    lines = []
    if not standard(config):
        lines.append(
            "> **Not a standard run** (durations or load differ from 15 s / 5 s warm-up / "
            "-t2 -c32): a smoke check, not comparable with published figures."
        )
    if config["note"]:
        lines.append(f"> {config['note']}")
    before = ", ".join(f"{x:.2f}" for x in results["load_average_before"])
    after = ", ".join(f"{x:.2f}" for x in results["load_average_after"])
    lines += [
        "",
        f"- machine: {os.cpu_count()} CPUs ({_cpu_model()}), {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}",
        f"- code: {_git_revision()}",
        f"- load average before / after: {before} / {after}",
        f"- wrk -t{config['threads']} -c{config['connections']} --latency: "
        f"{config['duration']:g} s per app and scenario after a {config['warmup']:g} s warm-up, in "
        f"{rounds} runs of {config['duration'] / rounds:g} s with Quill and the floor alternating "
        "(rates over all runs, latencies the median run's); one uvicorn worker each, 32 database "
        "connections each",
    ]
    return lines


def _ratio(a: float, b: float) -> str:
    if not b or math.isnan(a) or math.isnan(b):
        return "n/a"
    return f"{a / b:.2f}"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def _git_revision() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
        return done.stdout.strip()

    revision = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = " (with uncommitted changes)" if git("status", "--porcelain") else ""
    return revision + dirty


def write(directory: Path, started: datetime, markdown: str, results: dict[str, Any]) -> Path:
    """``<directory>/<date-time>.md`` and ``.json``; smoke runs go to ``smoke/`` (not kept)."""
    if not standard(results["config"]):
        directory = directory / "smoke"
    directory.mkdir(parents=True, exist_ok=True)
    stem = started.strftime("%Y-%m-%d-%H%M%S")
    (directory / f"{stem}.json").write_text(json.dumps(results, indent=2) + "\n")
    path = directory / f"{stem}.md"
    path.write_text(markdown)
    return path


def first_difference(a: object, b: object, where: str = "$") -> str:
    """The JSON path of the first place where two decoded documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{where}.{key} (present in only one)"
            if a[key] != b[key]:
                return first_difference(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{where} (lengths {len(a)} and {len(b)})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{where}[{i}]")
    return f"{where} ({a!r:.80} vs {b!r:.80})"
