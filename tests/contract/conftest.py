"""The contract suite: every test runs against every persistence adapter."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from application.ports import Persistence
from tests.support.databases import KINDS, open_database


@pytest.fixture(params=KINDS)
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Persistence]:
    kind = request.param
    template = request.getfixturevalue("sqlite_template") if kind == "sqlite" else None
    postgres = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    async with open_database(
        kind, tmp_path=tmp_path, sqlite_template=template, postgres_url=postgres
    ) as database:
        yield database
