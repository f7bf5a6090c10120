"""The contract suite: every test runs against every persistence adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from application.ports import Persistence
from tests.support.databases import KINDS, open_database

DatabaseKind = tuple[str, Path | None, str | None]


@pytest.fixture(params=KINDS)
def database_kind(request: pytest.FixtureRequest) -> DatabaseKind:
    """The kind, with its session-wide template or database. A sync fixture, because the session
    fixtures it pulls in run their own event loop (``asyncio.run``) to migrate."""
    kind: str = request.param
    template = request.getfixturevalue("sqlite_template") if kind == "sqlite" else None
    postgres = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    return kind, template, postgres


@pytest.fixture
async def db(database_kind: DatabaseKind, tmp_path: Path) -> AsyncIterator[Persistence]:
    kind, template, postgres = database_kind
    async with open_database(
        kind, tmp_path=tmp_path, sqlite_template=template, postgres_url=postgres
    ) as database:
        yield database
