"""Start ``quill serve --migrate`` on a free loopback port and stop it again, by its PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

JWT_SECRET = "e2e-secret-" + "0123456789abcdef" * 2 + "-postman-run"  # 48+ characters
READY_TIMEOUT_SECONDS = 60.0
STOP_TIMEOUT_SECONDS = 15.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def quill_command() -> list[str]:
    """The ``quill`` script installed beside this interpreter."""
    script = shutil.which("quill", path=str(Path(sys.executable).parent))
    if script is None:
        return [sys.executable, "-c", "from entrypoints.cli import main; main()"]
    return [script]


@dataclass(frozen=True, slots=True)
class Served:
    """A running ``quill serve``: its process, its port and the file its output goes to."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def quill_server(database_url: str, workdir: Path) -> Iterator[str]:
    """A running server on ``database_url``; yields its API base URL (``http://…/api``)."""
    with quill_process(database_url, workdir) as served:
        yield f"{served.url}/api"


@contextmanager
def quill_process(database_url: str, workdir: Path, *options: str, **env: str) -> Iterator[Served]:
    """``quill serve --migrate`` with ``options``, and ``env`` over the test settings, once it
    answers; stopped by its PID afterwards (SIGTERM, then SIGKILL to its process group, which
    holds its workers) unless it has exited already."""
    port = free_port()
    environment = {
        **os.environ,
        "QUILL_ENV": "test",
        "QUILL_DATABASE_URL": database_url,
        "QUILL_JWT_SECRET": JWT_SECRET,
        "QUILL_JWT_SECRET_FILE": str(workdir / "jwt-secret"),
        "QUILL_SHUTDOWN_DRAIN_SECONDS": "0",  # no load balancer to wait for, unless a test says
        **env,
    }
    command = [*quill_command(), "serve", "--migrate", "--host", "127.0.0.1", "--port", str(port)]
    log_path = workdir / f"quill-serve-{port}.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*command, *options],
            cwd=workdir,  # away from any developer .env in the repository
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: workers included in a last SIGKILL
        )
        try:
            _wait_until_ready(process, f"http://127.0.0.1:{port}/api/tags", log_path)
            yield Served(process, port, log_path)
        finally:
            _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            raise AssertionError(f"quill serve exited with {process.returncode}:\n{log}")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    log = log_path.read_text(errors="replace")
    raise AssertionError(f"quill serve was not ready within {READY_TIMEOUT_SECONDS}s:\n{log}")
