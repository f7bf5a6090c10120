"""``quill migrate`` and ``quill serve`` against a real SQLite file, in process (uvicorn is never
started: the ``uvicorn_calls`` fixture records what it would have been asked to run)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from entrypoints.cli import main
from entrypoints.container import pending_migrations, printable_database_url
from entrypoints.settings import Settings
from tests.integration.cli_helpers import quill, refused


# --- migrate ------------------------------------------------------------------------------------
def test_migrate_brings_a_new_database_to_head_then_finds_nothing_to_do(database: Path) -> None:
    first = quill("migrate")
    assert first.exit_code == 0, first.output
    assert "applied" in first.stdout
    assert asyncio.run(pending_migrations(Settings())) == []

    second = quill("migrate")
    assert second.exit_code == 0, second.output
    assert "already up to date" in second.stdout


def test_migrate_on_memory_has_nothing_to_do(
    database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUILL_DATABASE_URL", "memory://")

    result = quill("migrate")

    assert result.exit_code == 0
    assert "no schema to migrate" in result.stdout


@pytest.mark.parametrize(
    ("url", "printed"),
    [
        ("postgresql+asyncpg://quill:hunter2@db:5432/quill", "postgresql+asyncpg://quill:***@db:5432/quill"),
        ("postgresql+asyncpg://quill:hunter2@db:port/quill", "postgresql+asyncpg://quill:***@db:port/quill"),
        ("sqlite+aiosqlite:///./var/quill.db", "sqlite+aiosqlite:///./var/quill.db"),
    ],
)  # fmt: skip
def test_printed_database_urls_hide_the_password(url: str, printed: str) -> None:
    assert printable_database_url(Settings(database_url=url)) == printed


# --- serve --------------------------------------------------------------------------------------
def test_serve_refuses_a_database_with_pending_migrations(
    database: Path, uvicorn_calls: list[dict[str, Any]]
) -> None:
    stderr = refused(quill("serve"), code=2)

    assert "pending migration" in stderr
    assert "quill migrate" in stderr
    assert "--migrate" in stderr
    assert uvicorn_calls == []


def test_serve_with_migrate_upgrades_then_starts_uvicorn(
    database: Path, uvicorn_calls: list[dict[str, Any]]
) -> None:
    result = quill("serve", "--migrate")

    assert result.exit_code == 0, result.output
    assert asyncio.run(pending_migrations(Settings())) == []
    assert len(uvicorn_calls) == 1
    call = uvicorn_calls[0]
    assert call["app"] == "entrypoints.api.asgi:app"
    assert (call["host"], call["port"], call["workers"]) == ("127.0.0.1", 8000, 1)
    assert (call["loop"], call["http"]) == ("uvloop", "httptools")
    assert call["proxy_headers"] is False
    # uvicorn neither configures logging nor writes access lines: Quill's pipeline and middleware do
    assert call["log_config"] is None
    assert call["access_log"] is False
    assert (call["drain_seconds"], call["timeout_graceful_shutdown"]) == (5.0, 20.0)


def test_serve_passes_its_options_to_uvicorn(
    migrated: Path, uvicorn_calls: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QUILL_ACCESS_LOG", "false")  # restored afterwards, whatever serve sets
    result = quill(
        "serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3",
        "--access-log", "--proxy-headers", "--forwarded-allow-ips", "10.0.0.1",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    call = uvicorn_calls[0]
    assert (call["host"], call["port"], call["workers"]) == ("0.0.0.0", 9000, 3)
    assert os.environ["QUILL_ACCESS_LOG"] == "true"  # --access-log wins, in every worker's app
    assert call["access_log"] is False
    assert call["proxy_headers"] is True
    assert call["forwarded_allow_ips"] == "10.0.0.1"


def test_serve_drains_and_waits_as_the_shutdown_settings_say(
    migrated: Path, monkeypatch: pytest.MonkeyPatch, uvicorn_calls: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("QUILL_SHUTDOWN_DRAIN_SECONDS", "1.5")
    monkeypatch.setenv("QUILL_SHUTDOWN_GRACE_SECONDS", "7")

    result = quill("serve")

    assert result.exit_code == 0, result.output
    call = uvicorn_calls[0]
    assert (call["drain_seconds"], call["timeout_graceful_shutdown"]) == (1.5, 7.0)


def test_serve_in_production_without_a_secret_refuses_to_start(
    migrated: Path, monkeypatch: pytest.MonkeyPatch, uvicorn_calls: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("QUILL_ENV", "production")

    assert "QUILL_JWT_SECRET" in refused(quill("serve"), code=2)
    assert uvicorn_calls == []


def test_serve_refuses_several_workers_on_a_memory_database(
    database: Path, monkeypatch: pytest.MonkeyPatch, uvicorn_calls: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("QUILL_DATABASE_URL", "memory://")

    assert "--workers 1" in refused(quill("serve", "--workers", "2"), code=2)
    assert uvicorn_calls == []


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("QUILL_ARGON2_TIME_COST", "0", "QUILL_ARGON2_TIME_COST"),
        ("QUILL_ENV", "staging", "QUILL_ENV"),
        ("QUILL_DATABASE_URL", "mysql://quill@db/quill", "QUILL_DATABASE_URL"),
        ("QUILL_JWT_SECRET", "too-short", "QUILL_JWT_SECRET"),
    ],
)
def test_bad_settings_stop_a_command_with_exit_2_naming_the_variable(
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    name: str,
    value: str,
    named: str,
) -> None:
    monkeypatch.setenv(name, value)

    assert named in refused(quill("serve"), code=2)
    assert uvicorn_calls == []


def test_main_runs_the_quill_app(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["quill", "--help"])

    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 0
    help_text = capsys.readouterr().out
    assert all(command in help_text for command in ("migrate", "serve", "users"))
