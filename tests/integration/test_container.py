"""The composition root: the database URL picks the adapter, and the use cases work end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from application.users import Registration, Users
from domain.errors import AlreadyExists, Unauthenticated
from entrypoints.container import (
    Container,
    build_container,
    close_container,
    database_kind,
    open_container,
    open_persistence,
    pending_migrations,
    upgrade_database,
)
from entrypoints.settings import ConfigurationError, Settings

PASSWORD = "a sturdy passphrase"


def settings_for(tmp_path: Path, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "test",
        "database_url": database_url,
        "jwt_secret_file": tmp_path / "jwt-secret",
        "argon2_time_cost": 1,
        "argon2_memory_kib": 8,
        "argon2_parallelism": 1,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@asynccontextmanager
async def running(container: Container) -> AsyncIterator[Container]:
    """The container with its resources open."""
    await open_container(container)
    try:
        yield container
    finally:
        await close_container(container)


@pytest.fixture
async def memory_container(tmp_path: Path) -> AsyncIterator[Container]:
    async with running(build_container(settings_for(tmp_path, "memory://"))) as container:
        yield container


async def users_of(container: Container) -> Users:
    """The use case, built once by the container."""
    users = container.users()
    assert isinstance(users, Users)
    return users


async def register_and_log_in(container: Container) -> None:
    users = await users_of(container)
    registered = await users.register(
        Registration(username="ann", email="ann@example.com", password=PASSWORD)
    )
    logged_in = await users.login(email="ann@example.com", password=PASSWORD)

    assert registered.username == logged_in.username == "ann"
    user_id = users.authenticate(logged_in.token)
    assert users.authenticate(registered.token) == user_id
    assert (await users.current(user_id, token=logged_in.token)).email == "ann@example.com"
    with pytest.raises(Unauthenticated):
        await users.login(email="ann@example.com", password=PASSWORD + "?")
    with pytest.raises(AlreadyExists, match="email"):
        await users.register(
            Registration(username="ann2", email="ANN@example.com", password=PASSWORD)
        )


async def test_a_memory_container_registers_and_logs_in(memory_container: Container) -> None:
    await register_and_log_in(memory_container)


async def test_a_memory_container_hashes_with_the_configured_cost(
    memory_container: Container,
) -> None:
    password_hash = await memory_container.hasher().hash(PASSWORD)

    assert password_hash.startswith("$argon2id$v=19$m=8,t=1,p=1$")


async def test_an_unknown_email_and_a_wrong_password_fail_alike(
    memory_container: Container,
) -> None:
    users = await users_of(memory_container)
    await users.register(Registration(username="bob", email="bob@example.com", password=PASSWORD))

    with pytest.raises(Unauthenticated) as unknown:
        await users.login(email="nobody@example.com", password=PASSWORD)
    with pytest.raises(Unauthenticated) as wrong:
        await users.login(email="bob@example.com", password="not the password")

    assert unknown.value.message == wrong.value.message


async def test_a_sqlite_url_selects_the_sql_adapter_and_works_once_migrated(
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'quill.db'}")
    persistence = open_persistence(settings)
    try:
        assert type(persistence).__module__.startswith("adapters.persistence.sql")
    finally:
        await persistence.close()

    assert await pending_migrations(settings) != []
    await upgrade_database(settings)
    assert await pending_migrations(settings) == []

    async with running(build_container(settings)) as container:
        await register_and_log_in(container)


async def test_memory_needs_no_migrations(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, "memory://")

    assert await pending_migrations(settings) == []
    await upgrade_database(settings)  # nothing to do, and no error


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("memory://", "memory"),
        ("sqlite+aiosqlite:///var/quill.db", "sqlite"),
        ("postgresql+asyncpg://quill@db/quill", "postgresql"),
    ],
)
def test_the_url_scheme_names_the_database_kind(url: str, kind: str) -> None:
    assert database_kind(url) == kind


@pytest.mark.parametrize(
    "url", ["mysql://quill@db/quill", "sqlite:///var/quill.db", "postgresql://quill@db/q", "quill"]
)
def test_an_unsupported_database_url_is_refused(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigurationError, match="QUILL_DATABASE_URL"):
        build_container(settings_for(tmp_path, url))


def test_a_production_container_without_a_secret_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="QUILL_JWT_SECRET"):
        build_container(settings_for(tmp_path, "memory://", env="production"))


def test_a_container_signs_with_the_configured_secret(tmp_path: Path) -> None:
    secret = "q" * 40
    container = build_container(settings_for(tmp_path, "memory://", jwt_secret=secret))

    assert container.jwt_secret() == secret
    assert not (tmp_path / "jwt-secret").exists()
