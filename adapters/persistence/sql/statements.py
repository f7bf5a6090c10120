"""Helpers for statements that differ between the dialects."""

from __future__ import annotations

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.dml import Insert

from adapters.persistence.sql.engine import POSTGRESQL, SQLITE


def insert_ignoring_conflicts(table: Table) -> dict[str, Insert]:
    """``INSERT … ON CONFLICT DO NOTHING`` for each dialect: a row that would break a unique or
    primary key is skipped, not an error, and the row count says whether it was inserted.

    Both are built at import; a repository picks its dialect's by name."""
    return {
        POSTGRESQL: postgresql.insert(table).on_conflict_do_nothing(),
        SQLITE: sqlite.insert(table).on_conflict_do_nothing(),
    }
