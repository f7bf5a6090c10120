"""Turning a violated constraint, found by its name, into the matching domain error; and a
connection that did not come free in time into ``Unavailable``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

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
from domain.errors import AlreadyExists, NotFound, Unavailable

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


@contextmanager
def saturation_as_unavailable() -> Iterator[None]:
    """Waiting too long for a connection (SQLAlchemy's pool, the read pool) or for SQLite's write
    lock becomes ``Unavailable``: the request was fine, the moment was not."""
    try:
        yield
    except (PoolTimeout, ReadPoolTimeout, WriterQueueTimeout) as error:
        raise Unavailable(f"the database is saturated: {error}") from error
