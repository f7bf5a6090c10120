"""Helpers for the command-line tests."""

from __future__ import annotations

from typer.testing import CliRunner, Result

from domain.errors import Unauthenticated
from entrypoints.cli import app
from entrypoints.container import build_container, close_container, open_container
from entrypoints.settings import Settings

PASSWORD = "  a passphrase with spaces  "


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
