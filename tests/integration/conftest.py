"""Fixtures for the command-line tests: a SQLite file named by QUILL_* variables, and uvicorn
replaced by a recorder so no server ever starts."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
import uvicorn


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty SQLite file named by QUILL_DATABASE_URL, with test settings and nothing else."""
    for name in list(os.environ):
        if name.upper().startswith("QUILL_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no .env from the developer's checkout
    path = tmp_path / "quill.db"
    monkeypatch.setenv("QUILL_ENV", "test")
    monkeypatch.setenv("QUILL_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.setenv("QUILL_JWT_SECRET_FILE", str(tmp_path / "jwt-secret"))
    monkeypatch.setenv("QUILL_ARGON2_TIME_COST", "1")
    monkeypatch.setenv("QUILL_ARGON2_MEMORY_KIB", "8")
    monkeypatch.setenv("QUILL_ARGON2_PARALLELISM", "1")
    return path


@pytest.fixture
def migrated(database: Path, sqlite_template: Path) -> Path:
    shutil.copyfile(sqlite_template, database)
    return database


@pytest.fixture
def uvicorn_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def record(app: str, **options: Any) -> None:
        calls.append({"app": app, **options})

    monkeypatch.setattr(uvicorn, "run", record)
    return calls
