"""A real ``quill serve`` process: everything it writes to stdout is JSON lines (uvicorn's own
records included), with one access line per request carrying the request id, and nothing goes to
stderr."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

from tests.e2e.server import JWT_SECRET, free_port, quill_command
from tests.support.logs import events, json_lines

READY_SECONDS = 60.0
STOP_SECONDS = 15.0


def wait_until_answering(process: subprocess.Popen[bytes], url: str, out: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        assert process.poll() is None, out.read_text(errors="replace")
        try:
            httpx.get(url, timeout=2.0)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"quill serve did not answer within {READY_SECONDS}s")


def test_serve_writes_json_lines_and_access_lines_to_stdout(tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "QUILL_ENV": "production",
        "QUILL_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'quill.db'}",
        "QUILL_JWT_SECRET": JWT_SECRET,
        "QUILL_SECRET_KEY": JWT_SECRET,
    }
    env.pop("QUILL_LOG_FORMAT", None)
    out, err = tmp_path / "stdout", tmp_path / "stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [*quill_command(), "serve", "--migrate", "--host", "127.0.0.1", "--port", str(port)],
            cwd=tmp_path,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            wait_until_answering(process, f"http://127.0.0.1:{port}/api/tags", out)
            answer = httpx.get(
                f"http://127.0.0.1:{port}/api/articles/a-slug?q=1",
                headers={"X-Request-ID": "from-the-test-1"},
                timeout=5.0,
            )
        finally:
            process.terminate()  # by its PID
            try:
                process.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    text = out.read_text()
    lines = json_lines(text)  # every line, from start-up to shutdown
    assert err.read_text() == ""
    assert answer.status_code == 404
    assert answer.headers["X-Request-ID"] == "from-the-test-1"
    [access] = [
        line for line in events(text, "request", "quill.access") if line["route"] != "/api/tags"
    ]
    assert access["request_id"] == "from-the-test-1"
    assert (access["method"], access["route"], access["status"]) == (
        "GET",
        "/api/articles/{slug}",
        404,
    )
    assert access["client"] == "127.0.0.1"
    assert events(text, "applied migrations", "quill.serve")
    uvicorn = [line for line in lines if line["logger"].startswith("uvicorn")]
    assert any("Uvicorn running on" in line["event"] for line in uvicorn)
    assert all({"timestamp", "level", "logger", "event"} <= set(line) for line in lines)
