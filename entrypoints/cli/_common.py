"""What every command shares: settings, the container, and turning failures into exit codes.

Expected failures end with a message on stderr and an exit code, never a traceback: 1 for what the
core refuses (invalid input, a taken email …), 2 for configuration and environment problems (bad
settings, a missing secret, a database that needs migrating).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import typer
from pydantic import ValidationError

from domain.errors import DomainError, InvalidInput
from entrypoints.container import (
    Container,
    close_container,
    open_container,
    pending_migrations,
)
from entrypoints.settings import ConfigurationError, Settings

EXIT_REFUSED = 1
EXIT_CONFIGURATION = 2


def load_settings() -> Settings:
    """Settings from the environment and ``.env``; a bad value ends the command with exit 2."""
    try:
        return Settings()
    except ValidationError as error:
        fail(
            *(
                f"QUILL_{'_'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
                for problem in error.errors()
            ),
            code=EXIT_CONFIGURATION,
        )


@asynccontextmanager
async def opened(settings: Settings, container: Container) -> AsyncIterator[Container]:
    """The container with its resources open, on a database whose schema is current."""
    pending = await pending_migrations(settings)
    if pending:
        raise ConfigurationError(
            f"the database has {len(pending)} pending migration(s); run `quill migrate` first"
        )
    await open_container(container)
    try:
        yield container
    finally:
        await close_container(container)


@contextmanager
def reported() -> Iterator[None]:
    """Turn expected failures into a message on stderr and an exit code."""
    try:
        yield
    except ConfigurationError as error:
        fail(str(error), code=EXIT_CONFIGURATION)
    except InvalidInput as error:
        fail(
            *(
                f"{field} {message}"
                for field, messages in error.errors.items()
                for message in messages
            ),
            code=EXIT_REFUSED,
        )
    except DomainError as error:
        fail(error.message, code=EXIT_REFUSED)


def fail(*lines: str, code: int) -> NoReturn:
    for line in lines:
        typer.echo(f"error: {line}", err=True)
    raise typer.Exit(code)


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***``, fit to print."""
    parts = urlsplit(url)
    userinfo, at, hostport = parts.netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    user = userinfo.partition(":")[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{hostport}"))
