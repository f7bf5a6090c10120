"""The contract suite: every test runs against every persistence adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from application.ports import Persistence
from tests.support.databases import KINDS, DatabaseKind, open_database, resolve_kind


@pytest.fixture(params=KINDS)
def database_kind(request: pytest.FixtureRequest) -> DatabaseKind:
    return resolve_kind(request, request.param)


@pytest.fixture
async def db(database_kind: DatabaseKind, tmp_path: Path) -> AsyncIterator[Persistence]:
    kind, template, postgres = database_kind
    async with open_database(
        kind, tmp_path=tmp_path, sqlite_template=template, postgres_url=postgres
    ) as database:
        yield database
