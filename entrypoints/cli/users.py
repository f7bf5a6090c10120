"""``quill users …``: create and list accounts through the same use cases the API calls."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Annotated

import typer

from application.users import Registration
from domain.paging import PageRequest
from entrypoints.cli._common import (
    EXIT_REFUSED,
    container_for,
    fail,
    load_settings,
    opened,
    reported,
)

users_app = typer.Typer(help="Manage user accounts.", no_args_is_help=True)


@users_app.command("create")
def create_user(
    username: Annotated[str, typer.Option(help="The new user's name.")],
    email: Annotated[str, typer.Option(help="The new user's email address.")],
) -> None:
    """Register a user. The password is read from stdin (asked for twice on a terminal)."""
    settings = load_settings()
    with reported(settings):
        container = container_for(settings)
        password = read_password()

        async def run() -> None:
            async with opened(settings, container):
                registration = Registration(username=username, email=email, password=password)
                accounts = container.users()
                account = await accounts.register(registration)
            typer.echo(f"created user {account.username} <{account.email}>")

        asyncio.run(run())


@users_app.command("list")
def list_users(
    limit: Annotated[int, typer.Option(help="How many users to show (at most 100).")] = 20,
    offset: Annotated[int, typer.Option(help="How many users to skip.")] = 0,
) -> None:
    """Show registered users in registration order."""
    settings = load_settings()
    with reported(settings):
        container = container_for(settings)
        page = PageRequest.of(limit=limit, offset=offset)

        async def run() -> None:
            async with opened(settings, container):
                accounts = container.users()
                users = await accounts.registered(page)
            if not users:
                typer.echo("no users" if page.offset == 0 else "no users on this page")
                return
            rows = [(user.username, user.email, rfc3339_utc(user.created_at)) for user in users]
            typer.echo(format_table(("USERNAME", "EMAIL", "REGISTERED (UTC)"), rows))

        asyncio.run(run())


def read_password() -> str:
    """From a terminal: asked twice without echo, and both must match. Otherwise the first line
    of stdin without its line ending (any other whitespace belongs to the password)."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Repeat password: ") != first:
            fail("the passwords do not match", code=EXIT_REFUSED)
        return first
    return sys.stdin.readline().removesuffix("\n").removesuffix("\r")


def rfc3339_utc(moment: datetime) -> str:
    """RFC 3339 in UTC with milliseconds and ``Z``; a naive time is taken to be UTC already."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned columns two spaces apart."""
    table = [header, *rows]
    widths = [max(len(row[column]) for row in table) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )
