"""The real ``quill`` executable (``.venv/bin/quill``) and ``make run``: what an operator sees.

A process shows what no in-process runner can: that nothing else reaches stderr (no traceback from
a thread, no log line) besides the one line of an expected failure. One case per place such a line
is made, because each process pays the whole import (the in-process tests cover every case).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.cli_helpers import COMMANDS, FIX_URL, PASSWORD, SECRET, the_one_line

QUILL = Path(sys.executable).with_name("quill")
ROOT = Path(__file__).resolve().parents[2]


def quill_process(command: str, **env: str) -> subprocess.CompletedProcess[str]:
    """One of ``COMMANDS`` as a process, in the current directory and environment plus ``env``."""
    assert QUILL.is_file(), f"{QUILL} is missing: run `make install`"
    return subprocess.run(
        [str(QUILL), *COMMANDS[command]],
        env={**os.environ, **env},
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def told(process: subprocess.CompletedProcess[str]) -> str:
    assert process.returncode == 2, process.stderr
    assert "Traceback" not in process.stdout
    assert SECRET not in process.stdout + process.stderr
    return the_one_line(process.stderr)


@pytest.mark.usefixtures("database")
def test_serve_on_an_unreachable_postgresql_prints_one_line_and_exits_2() -> None:
    url = f"postgresql+asyncpg://postgres:{SECRET}@127.0.0.1:1/quill"

    line = told(quill_process("serve", QUILL_DATABASE_URL=url))

    assert "cannot reach the database postgresql+asyncpg://postgres:***@127.0.0.1:1/quill" in line
    assert f"start PostgreSQL or correct the host and port in {FIX_URL}" in line


@pytest.mark.usefixtures("database")
def test_migrate_under_a_regular_file_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    url = f"sqlite+aiosqlite:///{blocker}/quill.db"

    line = told(quill_process("migrate", QUILL_DATABASE_URL=url))

    assert f"cannot create the SQLite database {url}: {blocker} is not a folder" in line
    assert f"point {FIX_URL} at a writable path" in line


@pytest.mark.usefixtures("database")
def test_users_create_on_an_in_memory_sqlite_url_prints_one_line_and_exits_2() -> None:
    line = told(quill_process("users-create", QUILL_DATABASE_URL="sqlite+aiosqlite://"))

    assert "cannot use the database sqlite+aiosqlite://" in line
    assert "give a file path" in line


@pytest.mark.usefixtures("database")
def test_users_list_with_a_bad_setting_value_prints_one_line_and_exits_2() -> None:
    line = told(quill_process("users-list", QUILL_DB_POOL_SIZE="abc"))

    assert "QUILL_DB_POOL_SIZE: Input should be a valid integer" in line
    assert "correct it in the environment or .env" in line


@pytest.mark.usefixtures("database")
def test_serve_on_an_old_schema_prints_one_line_and_exits_2(database: Path) -> None:
    line = told(quill_process("serve"))

    assert f"the database sqlite+aiosqlite:///{database} has" in line
    assert "run `quill migrate` first, or pass --migrate" in line


# --- make run -----------------------------------------------------------------------------------
def make_run(*assignments: str, **env: str) -> str:
    """The serve command ``make run`` would run (``make -n``: printed, nothing run)."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    printed = subprocess.run(
        [make, "--no-print-directory", "-n", "-C", str(ROOT), "run", *assignments],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    return next(line for line in printed.splitlines() if " serve " in line)


def test_make_run_serves_on_loopback_port_8000_by_default() -> None:
    assert make_run().endswith("quill serve --migrate --host 127.0.0.1 --port 8000")


def test_make_run_takes_host_and_port_from_its_command_line() -> None:
    serve = make_run("HOST=0.0.0.0", "PORT=9000")

    assert serve.endswith("quill serve --migrate --host 0.0.0.0 --port 9000")


def test_make_run_ignores_host_and_port_exported_by_the_shell() -> None:
    serve = make_run(HOST="shell-host", PORT="1")

    assert serve.endswith("quill serve --migrate --host 127.0.0.1 --port 8000")
