"""What every command shares: settings, the container, and turning failures into exit codes.

Expected failures end with a message on stderr and an exit code, never a traceback: 1 for what the
core refuses (invalid input, a taken email …); 2 for configuration and environment problems (bad
settings, a missing secret, a database that cannot be reached, refuses the login, cannot be opened,
is saturated or needs migrating), each told in one line that names what it tried — the database
with its password hidden — and what to do. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from pydantic import ValidationError

from domain.errors import DomainError, InvalidInput, Unavailable
from entrypoints.container import (
    Container,
    build_container,
    check_database,
    close_container,
    database_failure,
    open_container,
    pending_migrations,
    printable_database_url,
)
from entrypoints.settings import ConfigurationError, Settings

EXIT_REFUSED = 1
EXIT_CONFIGURATION = 2


def load_settings() -> Settings:
    """Settings from the environment and ``.env``; bad values end the command with exit 2, every
    problem on the one line (the values themselves are not echoed: one may be a secret)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = "; ".join(
            f"QUILL_{'_'.join(str(part) for part in problem['loc']).upper()}: {problem['msg']}"
            for problem in error.errors()
        )
        fail(f"{problems} (correct it in the environment or .env)", code=EXIT_CONFIGURATION)


def container_for(settings: Settings) -> Container:
    """``build_container``; a development signing secret that cannot be written is exit 2."""
    try:
        return build_container(settings)
    except OSError as error:
        secret = Path(settings.jwt_secret_file)
        if error.filename is None or Path(error.filename) not in {secret, *secret.parents}:
            raise
        raise ConfigurationError(
            f"cannot create the development signing secret {secret}: {error.filename} is not a "
            f"writable folder ({error.strerror}); set QUILL_JWT_SECRET, or QUILL_JWT_SECRET_FILE "
            "to a path in a writable folder"
        ) from None


@asynccontextmanager
async def opened(settings: Settings, container: Container) -> AsyncIterator[Container]:
    """The container with its resources open, on a database whose schema is current."""
    pending = await pending_migrations(settings)
    if pending:
        raise ConfigurationError(
            f"the database {printable_database_url(settings)} has {len(pending)} pending "
            "migration(s); run `quill migrate` first"
        )
    await open_container(container)
    try:
        yield container
    finally:
        await close_container(container)


@contextmanager
def reported(settings: Settings) -> Iterator[None]:
    """Check the database URL, then turn expected failures into a message on stderr and an exit
    code. Whether an error is the database's fault is for the adapter to say (through the
    container); what it does not recognise goes on as a traceback."""
    try:
        check_database(settings)
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
    except Unavailable as error:  # the database's moment, not the request: exit 2 as well
        problem = database_failure(settings, error)
        fail(
            str(problem)
            if problem
            else f"{error.message} ({printable_database_url(settings)}); try again shortly",
            code=EXIT_CONFIGURATION,
        )
    except DomainError as error:
        fail(error.message, code=EXIT_REFUSED)
    except typer.Exit:
        raise
    except Exception as error:
        problem = database_failure(settings, error)
        if problem is None:
            raise
        fail(str(problem), code=EXIT_CONFIGURATION)


def fail(*lines: str, code: int) -> NoReturn:
    """Each message on one line of stderr (a driver's message may span several), then exit."""
    for line in lines:
        typer.echo(f"error: {' '.join(line.split())}", err=True)
    raise typer.Exit(code)
