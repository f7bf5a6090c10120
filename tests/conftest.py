"""Fixtures shared by every layer of the suite."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from entrypoints.observability.logs import STDOUT_HANDLER
from tests.support import databases


@pytest.fixture(autouse=True)
def _process_logging() -> Iterator[None]:
    """Each app configures the process's logging (``create_app``); later tests in the same process
    start without it, as a fresh ``quill`` command does."""
    root = logging.getLogger()
    level = root.level
    yield
    root.removeHandler(STDOUT_HANDLER)
    root.setLevel(level)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with databases.sqlite_template(tmp_path_factory.mktemp("sqlite-template")) as path:
        yield path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """This run's own migrated PostgreSQL database (skips or fails without a server)."""
    with databases.postgres_run_database(databases.postgres_base_url()) as url:
        yield url
