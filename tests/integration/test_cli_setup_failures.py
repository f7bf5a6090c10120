"""Every ``quill`` command ends a setup problem — a schema behind the code, bad setting values, a
missing or unwritable signing secret — with one line on stderr saying what to do and exit status
2; a bug is not an expected failure and keeps its traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from application.users import Users
from domain.errors import Unavailable
from tests.integration.cli_helpers import COMMANDS, SECRET, one_line, run


# --- the schema is behind -----------------------------------------------------------------------
def test_serve_on_an_old_schema_names_the_database_and_both_ways_forward(
    database: Path, uvicorn_calls: list[dict[str, Any]]
) -> None:
    line = one_line(run("serve"))

    assert f"the database sqlite+aiosqlite:///{database} has" in line
    assert "pending migration(s)" in line
    assert "run `quill migrate` first, or pass --migrate" in line
    assert uvicorn_calls == []


@pytest.mark.parametrize("command", ["users-list", "users-create"])
def test_users_commands_on_an_old_schema_name_the_database_and_quill_migrate(
    database: Path, command: str
) -> None:
    line = one_line(run(command))

    assert f"the database sqlite+aiosqlite:///{database} has" in line
    assert "run `quill migrate` first" in line


# --- the configuration is unusable -------------------------------------------------------------
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_setting_values_are_one_line_and_exit_2_without_echoing_them(
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
) -> None:
    monkeypatch.setenv("QUILL_DB_POOL_SIZE", "abc")
    monkeypatch.setenv("QUILL_JWT_ALGORITHM", f"{SECRET}-none")

    line = one_line(run(command))

    assert "QUILL_DB_POOL_SIZE: Input should be a valid integer" in line
    assert "QUILL_JWT_ALGORITHM: Input should be 'HS256'" in line
    assert "correct it in the environment or .env" in line
    assert SECRET not in line
    assert "abc" not in line
    assert uvicorn_calls == []


@pytest.mark.parametrize("command", ["serve", "users-list", "users-create"])
def test_production_without_a_signing_secret_is_one_line_and_exit_2(
    migrated: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
) -> None:
    monkeypatch.setenv("QUILL_ENV", "production")

    line = one_line(run(command))

    assert "QUILL_JWT_SECRET is not set" in line
    assert "a production start needs a signing secret" in line
    assert uvicorn_calls == []


@pytest.mark.parametrize("command", ["serve", "users-list", "users-create"])
def test_a_signing_secret_file_that_cannot_be_written_is_one_line_and_exit_2(
    migrated: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("QUILL_JWT_SECRET_FILE", str(blocker / "jwt-secret"))

    line = one_line(run(command))

    assert f"cannot create the development signing secret {blocker}/jwt-secret" in line
    assert "set QUILL_JWT_SECRET, or QUILL_JWT_SECRET_FILE to a path in a writable folder" in line
    assert uvicorn_calls == []


# --- a bug is not an expected failure -----------------------------------------------------------
def test_an_unexpected_error_keeps_its_traceback(
    database: Path, monkeypatch: pytest.MonkeyPatch, uvicorn_calls: list[dict[str, Any]]
) -> None:
    async def broken(*_: object) -> list[str]:
        raise RuntimeError("a bug")

    monkeypatch.setattr("entrypoints.cli.server.pending_migrations", broken)

    result = run("serve")

    assert isinstance(result.exception, RuntimeError)
    assert result.exit_code == 1
    assert "error:" not in result.stderr


def test_a_bug_raised_while_handling_a_refused_connection_is_not_told_as_one(
    database: Path, monkeypatch: pytest.MonkeyPatch, uvicorn_calls: list[dict[str, Any]]
) -> None:
    monkeypatch.setenv("QUILL_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:1/quill")

    async def broken(*_: object) -> list[str]:
        try:
            raise ConnectionRefusedError("connect call failed")
        except ConnectionRefusedError:
            raise KeyError("a bug in the handler")  # noqa: B904 - the context is the point

    monkeypatch.setattr("entrypoints.cli.server.pending_migrations", broken)

    result = run("serve")

    assert isinstance(result.exception, KeyError)
    assert "cannot reach" not in result.stderr


# --- the database is there but cannot serve the command right now -------------------------------
def test_a_saturated_database_is_one_line_and_exit_2_naming_it(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def saturated(*_: object) -> list[object]:
        raise Unavailable("the database is saturated: no connection came free in 30 s")

    monkeypatch.setattr(Users, "registered", saturated)

    line = one_line(run("users-list"))

    assert "the database is saturated" in line
    assert f"(sqlite+aiosqlite:///{migrated}); try again shortly" in line
