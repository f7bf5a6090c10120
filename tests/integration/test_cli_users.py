"""``quill users create`` and ``quill users list`` against a real SQLite file, in process."""

from __future__ import annotations

import asyncio
import re
import sys
from pathlib import Path

import pytest
import typer

from entrypoints.cli.users import read_password
from tests.integration.cli_helpers import PASSWORD, can_log_in, create, quill, refused

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


# --- users create -------------------------------------------------------------------------------
def test_users_create_registers_with_the_password_from_stdin(migrated: Path) -> None:
    result = create("ann", "ann@example.com")

    assert result.exit_code == 0, result.output
    assert "ann" in result.stdout
    assert "ann@example.com" in result.stdout
    assert PASSWORD.strip() not in result.output
    assert asyncio.run(can_log_in("ann@example.com", PASSWORD))
    assert not asyncio.run(can_log_in("ann@example.com", PASSWORD.strip()))


def test_users_create_takes_only_the_first_line_without_its_line_ending(migrated: Path) -> None:
    result = quill(
        "users", "create", "--username", "cyd", "--email", "cyd@example.com",
        stdin="first-line-pass\r\nsecond line\n",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert asyncio.run(can_log_in("cyd@example.com", "first-line-pass"))


def test_users_create_with_a_taken_email_fails_with_exit_1(migrated: Path) -> None:
    assert create("ann", "ann@example.com").exit_code == 0

    stderr = refused(create("other", "ANN@example.com"), code=1)

    assert "email" in stderr
    assert "has already been taken" in stderr


def test_users_create_with_a_taken_username_fails_with_exit_1(migrated: Path) -> None:
    assert create("ann", "ann@example.com").exit_code == 0

    assert "username has already been taken" in refused(create("Ann", "x@example.com"), code=1)


def test_users_create_with_an_invalid_username_states_the_rule(migrated: Path) -> None:
    stderr = refused(create("no spaces allowed", "dee@example.com"), code=1)

    assert "username may contain only letters, digits" in stderr


def test_users_create_reports_every_invalid_field_at_once(migrated: Path) -> None:
    stderr = refused(create("x", "not-an-email", password="short"), code=1)

    assert "username is too short" in stderr
    assert "email is invalid" in stderr
    assert "password is too short" in stderr


def test_users_create_with_nothing_on_stdin_says_the_password_is_blank(migrated: Path) -> None:
    result = quill("users", "create", "--username", "eve", "--email", "eve@example.com", stdin="")

    assert "password can't be blank" in refused(result, code=1)


def test_users_create_on_an_unmigrated_database_asks_for_migrate(database: Path) -> None:
    assert "quill migrate" in refused(create("ann", "ann@example.com"), code=2)


def test_a_terminal_is_asked_for_the_password_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    answers = iter(["s3cret pass", "s3cret pass", "s3cret pass", "typo"])
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))

    assert read_password() == "s3cret pass"
    with pytest.raises(typer.Exit) as mismatch:
        read_password()
    assert mismatch.value.exit_code == 1


class _Terminal:
    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        raise AssertionError("a terminal password must not be read with echo")


# --- users list ---------------------------------------------------------------------------------
def test_users_list_shows_users_in_registration_order(migrated: Path) -> None:
    assert create("ann", "ann@example.com").exit_code == 0
    assert create("bob", "bob@example.com").exit_code == 0

    result = quill("users", "list")

    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.strip().splitlines()
    assert header.split() == ["USERNAME", "EMAIL", "REGISTERED", "(UTC)"]
    assert [row.split()[:2] for row in rows] == [
        ["ann", "ann@example.com"],
        ["bob", "bob@example.com"],
    ]
    assert all(TIMESTAMP.fullmatch(row.split()[2]) for row in rows)


def test_users_list_pages_with_limit_and_offset(migrated: Path) -> None:
    for name in ("ann", "bob", "cyd"):
        assert create(name, f"{name}@example.com").exit_code == 0

    result = quill("users", "list", "--limit", "1", "--offset", "1")

    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.strip().splitlines()[1:]] == ["bob"]


def test_users_list_on_an_empty_database_says_so(migrated: Path) -> None:
    result = quill("users", "list")

    assert result.exit_code == 0
    assert result.stdout.strip() == "no users"


def test_users_list_with_a_bad_limit_fails_with_exit_1(migrated: Path) -> None:
    assert "limit must be greater than 0" in refused(quill("users", "list", "--limit", "0"), 1)
