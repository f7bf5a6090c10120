"""The official RealWorld (Conduit) Postman suite, run by newman against a real ``quill serve`` on
SQLite and on PostgreSQL: every assertion must pass."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from adapters.persistence.sql import SqlDatabase
from tests.e2e.server import quill_server
from tests.support.databases import truncate_all

REPO = Path(__file__).resolve().parents[2]
RUN_POSTMAN = REPO.parent / "shared" / "realworld" / "run-postman.sh"
POSTMAN_TIMEOUT_SECONDS = 600

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        shutil.which("npm") is None, reason="the Postman suite runs with newman, which needs npm"
    ),
    pytest.mark.skipif(not RUN_POSTMAN.exists(), reason=f"{RUN_POSTMAN} is missing"),
]


def run_postman(api_url: str, workdir: Path) -> dict[str, Any]:
    """Run the suite; assert newman's exit code, and return its run statistics."""
    report = workdir / "newman-report.json"
    finished = subprocess.run(
        [
            str(RUN_POSTMAN),
            api_url,
            "--reporters",
            "cli,json",
            "--reporter-json-export",
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=POSTMAN_TIMEOUT_SECONDS,
        check=False,
    )
    output = finished.stdout[-20_000:] + finished.stderr[-5_000:]
    assert finished.returncode == 0, output
    stats: dict[str, Any] = json.loads(report.read_text())["run"]["stats"]
    return stats


def assert_every_assertion_passed(stats: dict[str, Any], database: str) -> None:
    requests, assertions = stats["requests"], stats["assertions"]
    print(
        f"\nnewman on {database}: {requests['total']} requests ({requests['failed']} failed), "
        f"{assertions['total']} assertions ({assertions['failed']} failed)"
    )
    assert stats["requests"] == {"total": 32, "pending": 0, "failed": 0}
    assert stats["assertions"]["failed"] == 0
    assert stats["assertions"]["total"] >= 300


def test_postman_suite_passes_on_sqlite(tmp_path: Path) -> None:
    database_url = f"sqlite+aiosqlite:///{tmp_path / 'postman.db'}"
    with quill_server(database_url, tmp_path) as api_url:
        stats = run_postman(api_url, tmp_path)

    assert_every_assertion_passed(stats, "SQLite")


@pytest.mark.postgres
def test_postman_suite_passes_on_postgresql(tmp_path: Path, postgres_url: str) -> None:
    async def empty() -> None:
        database = SqlDatabase.connect(postgres_url)
        try:
            await truncate_all(database)
        finally:
            await database.close()

    asyncio.run(empty())
    with quill_server(postgres_url, tmp_path) as api_url:
        stats = run_postman(api_url, tmp_path)

    assert_every_assertion_passed(stats, "PostgreSQL")
