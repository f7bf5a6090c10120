"""Helpers for the command-line tests."""

from __future__ import annotations

import inspect

from typer.testing import CliRunner, Result

from application.users import Users
from domain.errors import Unauthenticated
from entrypoints.cli import app
from entrypoints.container import build_container
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
    opening = container.init_resources()
    assert opening is not None
    await opening
    try:
        made: object = container.users()
        users = await made if inspect.isawaitable(made) else made
        assert isinstance(users, Users)
        await users.login(email=email, password=password)
    except Unauthenticated:
        return False
    finally:
        closing = container.shutdown_resources()
        assert closing is not None
        await closing
    return True
