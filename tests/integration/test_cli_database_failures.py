"""Every ``quill`` command ends a failure of its database with one line on stderr — the database
it tried (password hidden) and what to do — and exit status 2, never a traceback: unreachable,
refusing the login or the database name, an unusable URL, a SQLite file or folder that cannot be
made or opened. In process, through the typer app; ``test_cli_processes.py`` runs the executable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from entrypoints.container import database_failure
from entrypoints.settings import Settings
from tests.integration.cli_helpers import (
    COMMANDS,
    FIX_URL,
    SECRET,
    Failure,
    assert_tells,
    one_line,
    run,
)
from tests.support.databases import postgres_base_url

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

    result = run(command)
    assert_tells(one_line(result), result.output, failure)
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

    result = run(command)
    assert_tells(one_line(result), result.output, failure, password=password)
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
    result = run(command)
    assert_tells(one_line(result), result.output, failure)
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
    result = run(command)
    assert_tells(one_line(result), result.output, failure)
    assert uvicorn_calls == []


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
