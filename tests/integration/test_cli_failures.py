"""Every ``quill`` command ends an expected failure with one line on stderr — the database it tried
(password hidden) and what to do — and exit status 2, never a traceback; a bug keeps its traceback.

In process, through the typer app; ``test_cli_processes.py`` runs the real ``quill`` executable.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from typer.testing import Result

from entrypoints.container import database_failure
from entrypoints.settings import Settings
from tests.integration.cli_helpers import PASSWORD, quill
from tests.support.databases import postgres_base_url

SECRET = "s3cret"
COMMANDS = {
    "serve": ("serve",),
    "migrate": ("migrate",),
    "users-list": ("users", "list"),
    "users-create": ("users", "create", "--username", "ann", "--email", "ann@example.com"),
}
FIX_URL = "QUILL_DATABASE_URL"


@dataclass(frozen=True)
class Failure:
    url: str
    says: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)


def run(command: str) -> Result:
    return quill(*COMMANDS[command], stdin=PASSWORD + "\n")


def one_line(result: Result) -> str:
    """The command exited 2 with exactly one non-empty line on stderr and no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.removesuffix("\n")
    assert line.startswith("error: ")
    assert line.removeprefix("error: ").strip()
    return line


def assert_tells(result: Result, failure: Failure, *, password: str = SECRET) -> None:
    line = one_line(result)
    assert password not in result.stdout + result.stderr
    for fragment in failure.says:
        assert fragment in line, line


UNREACHABLE = Failure(
    f"postgresql+asyncpg://postgres:{SECRET}@127.0.0.1:1/quill",
    (
        "cannot reach the database postgresql+asyncpg://postgres:***@127.0.0.1:1/quill",
        f"start PostgreSQL or correct the host and port in {FIX_URL}",
    ),
)
UNRESOLVABLE = Failure(
    f"postgresql+asyncpg://postgres:{SECRET}@no-such-host.invalid:5432/quill",
    (
        "postgresql+asyncpg://postgres:***@no-such-host.invalid:5432/quill",
        "'no-such-host.invalid' does not resolve",
        f"correct the host in {FIX_URL}",
    ),
)
UNUSABLE_URLS = {
    "unknown-scheme": Failure(
        f"mysql://root:{SECRET}@db/quill",
        ("mysql://root:***@db/quill", "'mysql' is not supported", "use memory://"),
    ),
    "unparsable-port": Failure(
        f"postgresql+asyncpg://postgres:{SECRET}@127.0.0.1:port/quill",
        (
            "postgresql+asyncpg://postgres:***@127.0.0.1:port/quill is not a database URL",
            f"write {FIX_URL} as sqlite+aiosqlite:///",
        ),
    ),
    "garbage": Failure(
        "sqlite+aiosqlite:quill.db",
        ("sqlite+aiosqlite:quill.db is not a database URL", f"write {FIX_URL} as"),
    ),
    "in-memory-sqlite": Failure(
        "sqlite+aiosqlite://",
        ("cannot use the database sqlite+aiosqlite://", "in-memory", "give a file path"),
    ),
    "missing-driver": Failure(
        f"postgresql+psycopg2://postgres:{SECRET}@127.0.0.1/quill",
        (
            "postgresql+psycopg2://postgres:***@127.0.0.1/quill",
            "'postgresql+psycopg2' is not supported",
            "postgresql+asyncpg://",
        ),
    ),
}


# --- the database cannot be reached, or its URL is unusable ------------------------------------
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    "failure",
    [UNREACHABLE, UNRESOLVABLE, *UNUSABLE_URLS.values()],
    ids=["unreachable", "unresolvable", *UNUSABLE_URLS],
)
def test_an_unusable_or_unreachable_database_is_one_line_and_exit_2(
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
    failure: Failure,
) -> None:
    monkeypatch.setenv("QUILL_DATABASE_URL", failure.url)

    assert_tells(run(command), failure)
    assert uvicorn_calls == []


# --- PostgreSQL refuses the login or does not have the database --------------------------------
@pytest.fixture
def postgres_server() -> str:
    """The test server's URL, read before ``database`` clears every QUILL_* variable."""
    return postgres_base_url()


def refused_by_postgres(server: str, case: str) -> tuple[Failure, str]:
    """A URL PostgreSQL refuses, and the password in it; trust authentication ignores passwords,
    so ``s3cret`` stands in when the server's URL carries none."""
    base = make_url(server)
    password = base.password or SECRET
    says: tuple[str, ...]
    if case == "unknown-role":
        url = base.set(username="nobody_xyz", password=password)
        says = (
            "nobody_xyz",
            "refused the login",
            f"correct the user name or password in {FIX_URL}",
        )
    else:
        url = base.set(password=password, database="no_such_db_xyz")
        says = ("no_such_db_xyz", "does not exist", "CREATE DATABASE no_such_db_xyz", FIX_URL)
    printed = url.render_as_string(hide_password=True)
    return Failure(url.render_as_string(hide_password=False), (printed, *says)), str(password)


@pytest.mark.postgres
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", ["unknown-role", "unknown-database"])
def test_postgresql_refusing_the_login_or_database_is_one_line_and_exit_2(
    postgres_server: str,
    database: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
    case: str,
) -> None:
    failure, password = refused_by_postgres(postgres_server, case)
    monkeypatch.setenv("QUILL_DATABASE_URL", failure.url)

    assert_tells(run(command), failure, password=password)
    assert uvicorn_calls == []


# --- the SQLite file or its folder cannot be made or opened -------------------------------------
@pytest.mark.parametrize("command", COMMANDS)
def test_a_data_folder_under_a_regular_file_is_one_line_and_exit_2(
    database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    url = f"sqlite+aiosqlite:///{blocker}/quill.db"
    monkeypatch.setenv("QUILL_DATABASE_URL", url)

    failure = Failure(url, (url, f"{blocker} is not a folder", f"point {FIX_URL} at a writable"))
    assert_tells(run(command), failure)
    assert uvicorn_calls == []


@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_path_that_sqlite_cannot_open_is_one_line_and_exit_2(
    database: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    uvicorn_calls: list[dict[str, Any]],
    command: str,
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    url = f"sqlite+aiosqlite:///{folder}"
    monkeypatch.setenv("QUILL_DATABASE_URL", url)

    failure = Failure(url, (f"cannot open the SQLite database {url}", f"point {FIX_URL} at a file"))
    assert_tells(run(command), failure)
    assert uvicorn_calls == []


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
    monkeypatch.setenv("QUILL_DATABASE_URL", UNREACHABLE.url)

    async def broken(*_: object) -> list[str]:
        try:
            raise ConnectionRefusedError("connect call failed")
        except ConnectionRefusedError:
            raise KeyError("a bug in the handler")  # noqa: B904 - the context is the point

    monkeypatch.setattr("entrypoints.cli.server.pending_migrations", broken)

    result = run("serve")

    assert isinstance(result.exception, KeyError)
    assert "cannot reach" not in result.stderr


def test_sqlite_refusing_a_file_after_the_check_is_still_told_in_one_line(
    database: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    url = f"sqlite+aiosqlite:///{folder}"
    with pytest.raises(sqlite3.OperationalError) as refusal:
        sqlite3.connect(folder)

    problem = database_failure(
        Settings(database_url=url), OperationalError("connect", None, refusal.value)
    )

    assert problem is not None
    assert f"cannot open the SQLite database {url} (unable to open database file)" in str(problem)
