"""Helpers for the command-line tests."""

from __future__ import annotations

from dataclasses import dataclass

from typer.testing import CliRunner, Result

from domain.errors import Unauthenticated
from entrypoints.cli import app
from entrypoints.container import build_container, close_container, open_container
from entrypoints.settings import Settings

PASSWORD = "  a passphrase with spaces  "
SECRET = "s3cret"
FIX_URL = "QUILL_DATABASE_URL"
COMMANDS = {
    "serve": ("serve",),
    "migrate": ("migrate",),
    "users-list": ("users", "list"),
    "users-create": ("users", "create", "--username", "ann", "--email", "ann@example.com"),
}


def quill(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def refused(result: Result, code: int) -> str:
    """The command ended with ``code`` and a message, not a traceback; returns its stderr."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stderr.startswith("error: ")
    return result.stderr


def create(username: str, email: str, password: str = PASSWORD) -> Result:
    return quill("users", "create", "--username", username, "--email", email, stdin=password + "\n")


async def can_log_in(email: str, password: str) -> bool:
    container = build_container(Settings())
    await open_container(container)
    try:
        await container.users().login(email=email, password=password)
    except Unauthenticated:
        return False
    finally:
        await close_container(container)
    return True


@dataclass(frozen=True)
class Failure:
    """A database URL that must fail, and what its one line must say."""

    url: str
    says: tuple[str, ...]


def run(command: str) -> Result:
    """One of ``COMMANDS``, in process; ``users create`` gets a password on stdin."""
    return quill(*COMMANDS[command], stdin=PASSWORD + "\n")


def the_one_line(stderr: str) -> str:
    """Exactly one non-empty line on stderr, an error, and no traceback; returns it."""
    assert "Traceback" not in stderr
    assert stderr.count("\n") == 1, stderr
    line = stderr.removesuffix("\n")
    assert line.startswith("error: "), line
    assert line.removeprefix("error: ").strip()
    return line


def one_line(result: Result) -> str:
    """The command exited 2 with one line on stderr and no traceback; returns the line."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return the_one_line(result.stderr)


def assert_tells(line: str, output: str, failure: Failure, *, password: str = SECRET) -> None:
    """The line says everything the failure must say, and the password is nowhere."""
    assert password not in output
    for fragment in failure.says:
        assert fragment in line, line
