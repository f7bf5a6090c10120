"""Load Quill and the floor with wrk, interleaved, and write the Markdown report.

Started by ``bench/run.sh`` once both servers listen (Quill on 8801, the floor on 8802). Settings
come from the environment: DURATION (15) and WARMUP (5) seconds per measured and warm-up run,
ROUNDS (5: each measured run is split into this many short runs, the apps alternating, so a drift
of the machine's speed meets both alike), THREADS (2), CONNECTIONS (32), HIGH_CONNECTIONS (256),
LOGIN_CONNECTIONS (8, for the logins that run beside the reads), NOTE (a line for the report),
RESULTS_DIR (bench/results).
"""

from __future__ import annotations

import gzip
import json
import os
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import report
import wrk
from dataset import BENCH_ARTICLE_SLUG, BENCH_EMAIL, BENCH_PASSWORD

APPS = {
    "quill": os.environ.get("QUILL_URL", "http://127.0.0.1:8801"),
    "floor": os.environ.get("FLOOR_URL", "http://127.0.0.1:8802"),
}
# Set by run.sh: the server processes, watched to wait until each is idle before a run.
PIDS = {app: os.environ.get(f"{app.upper()}_PID", "") for app in APPS}
LOGIN_BODY = json.dumps({"user": {"email": BENCH_EMAIL, "password": BENCH_PASSWORD}})
GZIP = "Accept-Encoding: gzip"


@dataclass(frozen=True, slots=True)
class Config:
    duration: float = float(os.environ.get("DURATION", "15"))
    warmup: float = float(os.environ.get("WARMUP", "5"))
    rounds: int = max(1, int(os.environ.get("ROUNDS", "5")))
    threads: int = int(os.environ.get("THREADS", "2"))
    connections: int = int(os.environ.get("CONNECTIONS", "32"))
    high_connections: int = int(os.environ.get("HIGH_CONNECTIONS", "256"))
    login_connections: int = int(os.environ.get("LOGIN_CONNECTIONS", "8"))
    note: str = os.environ.get("NOTE", "")
    # Comma-separated scenario names to run (all when empty): a quicker comparison of a few.
    only: tuple[str, ...] = tuple(
        name.strip() for name in os.environ.get("ONLY", "").split(",") if name.strip()
    )
    run_id: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y%m%d%H%M%S"))


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    path: str
    auth: bool = False
    script: str | None = None
    body: str | None = None
    connections: int | None = None
    headers: tuple[str, ...] = ()

    def load(self, base: str, token: str, config: Config, seconds: float, tag: str) -> wrk.Load:
        env = [("WRK_RUN_ID", f"{config.run_id}-{tag}")]
        if self.body is not None:
            env.append(("WRK_BODY", self.body))
        return wrk.Load(
            url=base + self.path,
            threads=config.threads,
            connections=self.connections or config.connections,
            seconds=seconds,
            script=self.script,
            headers=(*self.headers, *((f"Authorization: Token {token}",) if self.auth else ())),
            env=tuple(env),
        )


def scenarios(config: Config) -> list[Scenario]:
    """Publishing comes last: the articles it adds would change what the reads return."""
    article = f"/api/articles/{BENCH_ARTICLE_SLUG}"
    every = [
        Scenario("list (anonymous)", "/api/articles"),
        Scenario("list (token)", "/api/articles", auth=True),
        Scenario("feed", "/api/articles/feed", auth=True),
        Scenario("single article", article),
        Scenario("comments", f"{article}/comments"),
        Scenario("tags", "/api/tags"),
        Scenario("login", "/api/users/login", script="login.lua", body=LOGIN_BODY),
        Scenario(
            f"list @ {config.high_connections} connections",
            "/api/articles",
            connections=config.high_connections,
        ),
        # Added after the others, so every earlier scenario keeps which app goes first.
        Scenario("list (gzip)", "/api/articles", headers=(GZIP,)),
        Scenario("create article", "/api/articles", auth=True, script="create.lua"),
    ]
    return [scenario for scenario in every if not config.only or scenario.name in config.only]


def request(
    method: str,
    url: str,
    token: str | None = None,
    body: str | None = None,
    extra: tuple[str, ...] = (),
) -> object:
    """The JSON answer; with ``extra`` headers that ask for gzip, a gzipped one is required."""
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    for header in extra:
        name, _, value = header.partition(": ")
        headers[name] = value
    data = None if body is None else body.encode()
    call = urllib.request.Request(url, data=data, headers=headers, method=method)
    with urllib.request.urlopen(call, timeout=30) as response:  # loopback only
        raw = response.read()
        if GZIP not in extra:
            return json.loads(raw)
        encoding = response.headers.get("Content-Encoding")
        if encoding != "gzip":
            raise ValueError(f"asked for gzip, got Content-Encoding {encoding!r}")
        return json.loads(gzip.decompress(raw))


def wait_ready(base: str, seconds: float = 60) -> None:
    """Until ``base`` answers; gives up early when a server started by run.sh has exited."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            request("GET", base + "/api/tags")
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            if time.monotonic() > deadline:
                raise SystemExit(f"{base} did not answer within {seconds:.0f} s") from None
            for pid in filter(None, PIDS.values()):
                if not Path(f"/proc/{pid}").exists():
                    raise SystemExit(f"server process {pid} exited (see its log)") from None
            time.sleep(0.5)


def cpu_seconds(pid: str) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(limit: float = 120) -> None:
    """Wait until both servers are idle: requests a finished wrk left behind (queued logins
    above all) must not eat into the next measurement."""
    pids = [pid for pid in PIDS.values() if pid]
    if not pids:
        time.sleep(1)
        return
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = sum(cpu_seconds(pid) for pid in pids)
        time.sleep(0.5)
        if sum(cpu_seconds(pid) for pid in pids) - before < 0.05:
            return
    print(f"  (servers still busy after {limit:.0f} s; measuring anyway)", file=sys.stderr)


def measured(load: wrk.Load) -> wrk.Result:
    settle()
    return wrk.run(load)


def login(base: str) -> str:
    answer = request("POST", base + "/api/users/login", body=LOGIN_BODY)
    return str(answer["user"]["token"])  # type: ignore[index]


def preflight(token: str, checks: list[Scenario]) -> list[str]:
    """One request per read scenario to each app: both must answer 2xx with the same JSON."""
    problems: list[str] = []
    for scenario in checks:
        if scenario.script is not None:
            continue
        answers: dict[str, object] = {}
        for app, base in APPS.items():
            try:
                answers[app] = request(
                    "GET",
                    base + scenario.path,
                    token if scenario.auth else None,
                    extra=scenario.headers,
                )
            except urllib.error.HTTPError as error:
                problems.append(f"{app} {scenario.path}: HTTP {error.code} {error.read()[:300]!r}")
            except ValueError as error:
                problems.append(f"{app} {scenario.name}: {error}")
        if len(answers) == 2 and answers["quill"] != answers["floor"]:
            where = report.first_difference(answers["quill"], answers["floor"])
            problems.append(f"{scenario.name}: Quill and the floor answer differently at {where}")
    return problems


def measure(scenario: Scenario, token: str, config: Config, order: list[str]) -> dict[str, object]:
    """Each app warms up, then the measured time is served in ``config.rounds`` short runs with
    the apps alternating (A B B A A …): on a machine whose speed drifts over tens of seconds (a
    shared VM's), back-to-back 15 s runs would compare the two apps at different speeds."""
    row: dict[str, object] = {"scenario": scenario.name}
    if config.warmup > 0:
        for app in order:
            measured(scenario.load(APPS[app], token, config, config.warmup, f"{app}-warm"))
    seconds = config.duration / config.rounds
    rounds: dict[str, list[wrk.Result]] = {app: [] for app in order}
    for index in range(config.rounds):
        for app in order if index % 2 == 0 else order[::-1]:
            load = scenario.load(APPS[app], token, config, seconds, f"{app}-{index}")
            rounds[app].append(measured(load))
    for app in order:
        result = wrk.combine(rounds[app])
        row[app] = result.as_dict()
        print(f"  {scenario.name:<28} {app:<6} {result.rps:9.1f} req/s  p99 {result.p99_ms:.1f} ms")
    return row


def reads_beside_logins(token: str, config: Config, app: str) -> dict[str, object]:
    """List p99 alone, then with a concurrent wrk of logins on the same server."""
    base, reads = APPS[app], Scenario("list", "/api/articles")
    logins = Scenario("login", "/api/users/login", script="login.lua", body=LOGIN_BODY)
    if config.warmup > 0:
        measured(reads.load(base, token, config, config.warmup, f"{app}-warm"))
    alone = measured(reads.load(base, token, config, config.duration, app))
    login_load = replace(
        logins.load(base, token, config, config.duration + 2, f"{app}-beside"),
        connections=config.login_connections,
    )
    settle()
    background = wrk.start(login_load)
    time.sleep(1)
    beside = wrk.run(reads.load(base, token, config, config.duration, app))
    logins_result = wrk.finish(background, login_load)
    print(f"  list p99 {app}: alone {alone.p99_ms:.1f} ms, beside logins {beside.p99_ms:.1f} ms")
    return {
        "app": app,
        "alone": alone.as_dict(),
        "beside": beside.as_dict(),
        "logins": logins_result.as_dict(),
    }


def main() -> None:
    config = Config()
    for base in APPS.values():
        wait_ready(base)
    token = login(APPS["quill"])
    login(APPS["floor"])  # the floor must accept the same credentials
    plan = scenarios(config)
    problems = preflight(token, plan)
    for problem in problems:
        print(f"preflight: {problem}", file=sys.stderr)
    started = datetime.now(UTC)
    load_before = os.getloadavg()
    # Quill first for even scenarios, the floor first for odd ones; publishing comes last, after
    # the reads beside logins.
    orders = [["quill", "floor"], ["floor", "quill"]]
    rows = [measure(s, token, config, orders[i % 2]) for i, s in enumerate(plan[:-1])]
    beside = [reads_beside_logins(token, config, app) for app in ("quill", "floor")]
    rows.append(measure(plan[-1], token, config, orders[(len(plan) - 1) % 2]))
    results = {
        "started": started.isoformat(timespec="seconds"),
        "config": {k: getattr(config, k) for k in Config.__dataclass_fields__},
        "load_average_before": load_before,
        "load_average_after": os.getloadavg(),
        "preflight": problems,
        "rows": rows,
        "beside_logins": beside,
    }
    out = Path(os.environ.get("RESULTS_DIR", Path(__file__).with_name("results")))
    markdown = report.render(results)
    path = report.write(out, started, markdown, results)
    print()
    print(markdown)
    print(f"written to {path}")


if __name__ == "__main__":
    main()
