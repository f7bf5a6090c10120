"""Database errors as domain errors, each decided here: a violated constraint, found by its name,
becomes the matching domain error; a database that cannot serve the request now (no connection
free in time, a connection lost or refused, a statement past its timeout) becomes
``Unavailable``."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import asyncpg
from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from adapters.persistence.sql.read_pool import ReadPoolTimeout
from adapters.persistence.sql.tables import (
    ARTICLE_SLUG_KEY,
    USER_EMAIL_KEY,
    USER_USERNAME_KEY,
    metadata,
)
from adapters.persistence.sql.writers import WriterQueueTimeout
from domain.errors import AlreadyExists, DomainError, NotFound, Unavailable

UNIQUE_FIELDS = {
    USER_EMAIL_KEY: "email",
    USER_USERNAME_KEY: "username",
    ARTICLE_SLUG_KEY: "slug",
}

# SQLite names an expression index, but only the columns of a plain unique constraint.
_SQLITE_UNIQUE_INDEX = re.compile(r"UNIQUE constraint failed: index '([^']+)'")
_SQLITE_UNIQUE_COLUMNS = re.compile(r"UNIQUE constraint failed: (\w+\.\w+(?:, \w+\.\w+)*)")
_SQLITE_FOREIGN_KEY = "FOREIGN KEY constraint failed"
_POSTGRES_FOREIGN_KEY = "23503"


def _driver_error(error: IntegrityError) -> BaseException | None:
    """The driver's own exception: asyncpg's carries the constraint name."""
    dbapi_error = error.orig
    return getattr(dbapi_error, "orig", None) or getattr(dbapi_error, "__cause__", None)


def constraint_name(error: IntegrityError) -> str | None:
    """The name of the violated constraint, or ``None`` when the database does not say.

    PostgreSQL reports it as such; SQLite reports a unique index's name, or the ``table.column``
    list of a primary key or plain unique constraint, whose name the tables then give.
    """
    name = getattr(_driver_error(error), "constraint_name", None)
    if isinstance(name, str):
        return name
    message = str(error.orig)
    if (index := _SQLITE_UNIQUE_INDEX.search(message)) is not None:
        return index.group(1)
    if (columns := _SQLITE_UNIQUE_COLUMNS.search(message)) is not None:
        qualified = [name.split(".") for name in columns.group(1).split(", ")]
        return _unique_constraint_on(qualified[0][0], [column for _, column in qualified])
    return None


def _unique_constraint_on(table_name: str, columns: list[str]) -> str | None:
    """The name of the table's primary key or unique constraint over exactly these columns."""
    table = metadata.tables.get(table_name)
    if table is None:
        return None
    for constraint in table.constraints:
        if (
            isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint)
            and [column.name for column in constraint.columns] == columns
        ):
            return str(constraint.name)
    return None


def is_foreign_key_violation(error: IntegrityError) -> bool:
    code = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    return code == _POSTGRES_FOREIGN_KEY or _SQLITE_FOREIGN_KEY in str(error.orig)


@contextmanager
def unique_violations_as_domain_errors() -> Iterator[None]:
    """``AlreadyExists(field)`` for a clash on a unique email, username or slug."""
    try:
        yield
    except IntegrityError as error:
        field = UNIQUE_FIELDS.get(constraint_name(error) or "")
        if field is None:
            raise
        raise AlreadyExists(field) from None


@contextmanager
def missing_parent_as_not_found(resource: str, key: object) -> Iterator[None]:
    """``NotFound`` when a row refers to one that vanished (deleted by a concurrent writer)."""
    try:
        yield
    except IntegrityError as error:
        if not is_foreign_key_violation(error):
            raise
        raise NotFound(resource, key) from None


# SQLSTATEs (PostgreSQL appendix A) of a connection that is gone: its connection exceptions
# (class 08) but those refusing a new one, and the server shutting its backend down.
_REFUSED = frozenset({"08001", "08004"})
_SHUT_DOWN = frozenset({"57P01", "57P02"})
_STATEMENT_TIMEOUT = "57014"
# Not now, maybe in a moment: starting up, out of resources (53…, e.g. too many connections),
# a lock not granted within lock_timeout.
_NOT_NOW = frozenset({"57P03", "55P03"})
_LOST_OSERRORS = (ConnectionResetError, ConnectionAbortedError, BrokenPipeError)


def causes(error: BaseException) -> Iterator[BaseException]:
    """The error, the driver errors SQLAlchemy wraps (``.orig``) and their explicit causes, each
    once. Not ``__context__``: an error raised while another was being handled is not caused by
    it, and a bug must not pass for the database failure it happened near."""
    pending = [error]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(
            linked
            for linked in (getattr(current, "orig", None), current.__cause__)
            if isinstance(linked, BaseException)
        )


def root_cause(error: BaseException) -> BaseException:
    """The innermost error: the driver's own, whose message carries no statement parameters."""
    *_, root = causes(error)
    return root


def _sqlstate(error: BaseException) -> str:
    code = getattr(error, "sqlstate", None)
    return code if isinstance(code, str) else ""


def connection_lost(error: BaseException) -> bool:
    """The connection a statement ran on died (the server ended it, the network dropped it):
    the statement may be retried on a fresh connection if it wrote nothing."""
    for cause in causes(error):
        if getattr(cause, "connection_invalidated", False):  # SQLAlchemy saw a disconnect
            return True
        code = _sqlstate(cause)
        if code in _SHUT_DOWN or (code.startswith("08") and code not in _REFUSED):
            return True
        if isinstance(cause, _LOST_OSERRORS):
            return True
        if isinstance(cause, asyncpg.InterfaceError) and "connection is closed" in str(cause):
            return True
        # asyncpg's "unexpected" client errors: its protocol state is lost, e.g. the server's
        # farewell arrived while the connection sat idle and the socket's end is not seen yet.
        if isinstance(cause, asyncpg.InternalClientError):
            return True
    return False


def outage(error: BaseException) -> Unavailable | None:
    """``Unavailable`` when ``error`` says the database cannot serve this request now (saturated,
    unreachable, refusing, lost, too slow), ``None`` for any other error. The message names the
    driver's own error, never SQLAlchemy's, which would carry the statement's parameters."""
    if isinstance(error, DomainError):  # already said, maybe by this module
        return None
    if isinstance(error, PoolTimeout | ReadPoolTimeout | WriterQueueTimeout):
        return Unavailable(f"the database is saturated: {error}")
    chain = list(causes(error))
    root = chain[-1]
    if connection_lost(error):
        return Unavailable(f"the database connection was lost: {root!r}")
    for cause in chain:
        code = _sqlstate(cause)
        if code == _STATEMENT_TIMEOUT:
            return Unavailable(f"a statement ran past the statement timeout: {root!r}")
        if code in _NOT_NOW or code.startswith(("08", "53")):
            return Unavailable(f"the database cannot serve now: {root!r}")
        if isinstance(cause, OSError):  # refused, unreachable, timed out while connecting
            return Unavailable(f"the database cannot be reached: {root!r}")
        if isinstance(cause, sqlite3.OperationalError) and "database is locked" in str(cause):
            return Unavailable(f"the database is saturated: {root!r}")
    return None


def raise_outage(error: Exception) -> NoReturn:
    """``error`` again, as ``Unavailable`` when it is an ``outage``."""
    unavailable = outage(error)
    if unavailable is None:
        raise error
    raise unavailable from error


@contextmanager
def outage_as_unavailable() -> Iterator[None]:
    """Raise ``Unavailable`` for an ``outage``: the request was fine, the moment was not."""
    try:
        yield
    except Exception as error:
        raise_outage(error)
