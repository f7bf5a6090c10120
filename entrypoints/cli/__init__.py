"""``quill``: the command line. Commands reach the core only through the container, and call the
same use cases as the API."""

from __future__ import annotations

import typer

from entrypoints.cli.openapi import openapi
from entrypoints.cli.server import migrate, serve
from entrypoints.cli.users import users_app

app = typer.Typer(
    name="quill",
    help="Quill, a publishing API: serve it, migrate its database, manage its users.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold passwords or secrets
)
app.command()(migrate)
app.command()(serve)
app.command()(openapi)
app.add_typer(users_app, name="users")


def main() -> None:
    app()


__all__ = ["app", "main"]
