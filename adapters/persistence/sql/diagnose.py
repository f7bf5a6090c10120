"""What went wrong with the database an operator named, told in one line that says what to do.

Which driver exception means what (asyncpg's refusals, an unresolvable host, SQLite's "unable to
open database file", an engine that cannot be built) is knowledge of this adapter, so it lives
here. A failure not recognised here gets ``None``: it is a bug, and its caller lets the traceback
show.
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from adapters.persistence.sql.engine import POSTGRESQL, SQLITE, create_engine
from adapters.persistence.sql.errors import causes

URL_FORMS = (
    "sqlite+aiosqlite:///path/to/quill.db or postgresql+asyncpg://user:password@host:5432/db"
)

# A URL SQLAlchemy cannot parse still gets its password masked: everything between the user's
# colon and the last "@".
_USERINFO_PASSWORD = re.compile(r"^([^:/?#]*://[^:/@]*:).*@")

_SQLITE_CANNOT_OPEN = ("unable to open database file", "readonly database")


def printable_url(url: str) -> str:
    """The URL with its password shown as ``***``, fit for a terminal or a log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return _USERINFO_PASSWORD.sub(r"\1***@", url)


def unusable_database(url: str, *, setting: str = "the database URL") -> str | None:
    """Why the adapter cannot use the database at ``url`` (unparsable, no such driver, in-memory
    SQLite, a SQLite file or folder that cannot be made or opened), or ``None`` when it can.
    ``setting`` names where the URL came from, for the advice. Builds the engine as the adapter
    would; connects only to SQLite, with the standard library's driver."""
    where = printable_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        return _not_a_url(where, error, setting)
    try:
        engine = create_engine(url, pool_size=1, max_overflow=0)
    except (NoSuchModuleError, ImportError) as error:
        return (
            f"{where} names a driver that is not installed ({error}); {setting} takes {URL_FORMS}"
        )
    except ValueError as error:  # the engine's own refusal, written for operators
        return f"cannot use the database {where}: {error}"
    except OSError as error:
        return _data_folder(where, error, setting)
    engine.sync_engine.dispose()
    if parsed.get_backend_name() == SQLITE:
        return _sqlite_cannot_open(where, parsed, setting)
    return None


def _sqlite_cannot_open(where: str, parsed: URL, setting: str) -> str | None:
    """Opened here first because aiosqlite, failing to open a file, leaves its worker thread to
    report into an event loop that may be closed by then: a traceback on stderr after the one line
    (omnilib/aiosqlite#389)."""
    try:
        sqlite3.connect(parsed.database or "", uri=parsed.query.get("uri") == "true").close()
    except sqlite3.Error as error:
        return _cannot_open(where, error, setting)
    return None


def explain_failure(
    url: str, error: BaseException, *, setting: str = "the database URL"
) -> str | None:
    """One line for a failure an operator can fix (database unreachable, credentials or database
    name refused, SQLite file that cannot be opened), or ``None`` for anything else."""
    where = printable_url(url)
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as unparsable:
        return _not_a_url(where, unparsable, setting)
    chain = list(causes(error))
    if parsed.get_backend_name() == SQLITE:
        return _explain_sqlite(where, parsed, chain, setting)
    if parsed.get_backend_name() == POSTGRESQL:
        return _explain_postgresql(where, parsed, chain, setting)
    return None


def _not_a_url(where: str, error: Exception, setting: str) -> str:
    return f"{where} is not a database URL ({error}); write {setting} as {URL_FORMS}"


def _explain_sqlite(
    where: str, parsed: URL, causes: list[BaseException], setting: str
) -> str | None:
    database = Path(parsed.database or "")
    ours = {
        os.path.abspath(path)
        for path in (
            database,
            *database.parents,
            database.expanduser(),
            *database.expanduser().parents,
        )
    }
    for cause in causes:
        if isinstance(cause, OSError) and cause.filename is not None:
            if os.path.abspath(os.fsdecode(cause.filename)) in ours:
                return _data_folder(where, cause, setting)
        elif isinstance(cause, sqlite3.OperationalError) and any(
            text in str(cause) for text in _SQLITE_CANNOT_OPEN
        ):
            return _cannot_open(where, cause, setting)
    return None


def _cannot_open(where: str, error: sqlite3.Error, setting: str) -> str:
    return (
        f"cannot open the SQLite database {where} ({error}); point {setting} at a file this "
        "process can create and write, in a folder it can write"
    )


def _data_folder(where: str, error: OSError, setting: str) -> str:
    folder = os.fsdecode(error.filename) if error.filename is not None else "its folder"
    return (
        f"cannot create the SQLite database {where}: {folder} is not a folder this process can "
        f"create and write ({error.strerror}); point {setting} at a writable path"
    )


def _explain_postgresql(
    where: str, parsed: URL, causes: list[BaseException], setting: str
) -> str | None:
    for cause in causes:
        if isinstance(cause, asyncpg.InvalidAuthorizationSpecificationError):  # and bad passwords
            return (
                f"the database {where} refused the login ({cause}); correct the user name or "
                f"password in {setting}"
            )
        if isinstance(cause, asyncpg.InvalidCatalogNameError):
            return (
                f"the database {where} does not exist ({cause}); create it "
                f"(CREATE DATABASE {parsed.database}) or correct its name in {setting}"
            )
        if isinstance(cause, asyncpg.CannotConnectNowError | asyncpg.TooManyConnectionsError):
            return f"the database {where} accepts no connections now ({cause}); try again shortly"
        if isinstance(cause, socket.gaierror):
            return (
                f"cannot reach the database {where}: its host {parsed.host!r} does not resolve "
                f"({cause.strerror}); correct the host in {setting}"
            )
        if isinstance(cause, OSError) and cause.filename is None:  # refused, unroutable, timed out
            return (
                f"cannot reach the database {where} ({str(cause) or 'timed out'}); start "
                f"PostgreSQL or correct the host and port in {setting}"
            )
    return None
