"""The composition root: the only module that names concrete adapters.

``QUILL_DATABASE_URL`` picks persistence by scheme: ``memory://``, ``sqlite+aiosqlite:///path``
or ``postgresql+asyncpg://…``. Every entrypoint (the API, the CLI, tests) builds this same
container and opens its resources (database engines, the hasher's threads) with
``open_container`` inside its own event loop, never at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
from dependency_injector import containers, providers
from opentelemetry.trace import TracerProvider

from adapters.clock import SystemClock
from adapters.http import outbound_client
from adapters.persistence.memory import MemoryDatabase
from adapters.persistence.sql import SqlDatabase, migrate, missing_migrations
from adapters.persistence.sql.diagnose import explain_failure, printable_url, unusable_database
from adapters.security.cursors import CursorSeal
from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtTokenService
from application.articles import Articles
from application.comments import Comments
from application.ports import Persistence
from application.profiles import Profiles
from application.users import Users
from entrypoints.settings import (
    ConfigurationError,
    Settings,
    resolve_jwt_secret,
    resolve_secret_key,
)

# Words the HTTP surfaces use where a slug could stand (``GET /api/articles/feed`` is the feed):
# no article gets one as its slug, so none hides behind such a route.
RESERVED_SLUGS = frozenset({"feed"})
# The ``aud`` of /api/v1's access tokens; /api's tokens carry none, so neither surface takes the
# other's.
V1_AUDIENCE = "quill:api/v1"


def database_kind(url: str) -> str:
    """``memory``, ``sqlite`` or ``postgresql``, from the URL's scheme."""
    scheme = url.split(":", 1)[0]
    kinds = {"memory": "memory", "sqlite+aiosqlite": "sqlite", "postgresql+asyncpg": "postgresql"}
    if scheme not in kinds:
        raise ConfigurationError(
            f"QUILL_DATABASE_URL scheme {scheme!r} is not supported; use memory://, "
            "sqlite+aiosqlite:///path or postgresql+asyncpg://user@host/db"
        )
    return kinds[scheme]


def open_persistence(settings: Settings) -> Persistence:
    """Build (without I/O) the persistence adapter that the database URL names."""
    if database_kind(settings.database_url) == "memory":
        return MemoryDatabase()
    return SqlDatabase.connect(
        settings.database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        statement_timeout=settings.db_statement_timeout_seconds,
        max_age=settings.db_connection_max_age_seconds,
    )


async def _lifecycle(persistence: Persistence, hasher: Argon2PasswordHasher) -> AsyncIterator[None]:
    """Closes what the container opened, on ``shutdown_resources()``. The adapters themselves are
    plain singletons (built without I/O), so the use cases that depend on them are plain objects,
    not awaitables."""
    try:
        yield
    finally:
        await persistence.close()
        hasher.close()


async def upgrade_database(settings: Settings) -> None:
    """Bring the configured database's schema to the newest migration (nothing for memory)."""
    if database_kind(settings.database_url) != "memory":
        await migrate(settings.database_url)


async def pending_migrations(settings: Settings) -> list[str]:
    """Migrations not yet applied to the configured database (none for memory)."""
    if database_kind(settings.database_url) == "memory":
        return []
    return await missing_migrations(settings.database_url)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)

    persistence = providers.Singleton(open_persistence, settings)
    clock = providers.Singleton(SystemClock)
    hasher = providers.Singleton(
        Argon2PasswordHasher,
        time_cost=settings.provided.argon2_time_cost,
        memory_kib=settings.provided.argon2_memory_kib,
        parallelism=settings.provided.argon2_parallelism,
    )
    jwt_secret = providers.Singleton(resolve_jwt_secret, settings)
    tokens = providers.Singleton(
        JwtTokenService,
        secret=jwt_secret,
        algorithm=settings.provided.jwt_algorithm,
        ttl=providers.Factory(timedelta, seconds=settings.provided.jwt_ttl_seconds),
        clock=clock,
    )

    # /api/v1: short-lived access tokens with their own audience, and the same account use cases
    # issuing them.
    access_tokens = providers.Singleton(
        JwtTokenService,
        secret=jwt_secret,
        algorithm=settings.provided.jwt_algorithm,
        ttl=providers.Factory(timedelta, seconds=settings.provided.access_token_ttl_seconds),
        clock=clock,
        audience=V1_AUDIENCE,
    )
    secret_key = providers.Singleton(resolve_secret_key, settings)
    cursors = providers.Singleton(CursorSeal, secret=secret_key)

    lifecycle = providers.Resource(_lifecycle, persistence=persistence, hasher=hasher)

    users = providers.Singleton(
        Users,
        uow=persistence.provided.unit_of_work,
        hasher=hasher,
        tokens=tokens,
        clock=clock,
    )
    v1_users = providers.Singleton(
        Users,
        uow=persistence.provided.unit_of_work,
        hasher=hasher,
        tokens=access_tokens,
        clock=clock,
    )
    profiles = providers.Singleton(
        Profiles,
        uow=persistence.provided.unit_of_work,
        reads=persistence.provided.reads,
        clock=clock,
    )
    articles = providers.Singleton(
        Articles,
        uow=persistence.provided.unit_of_work,
        reads=persistence.provided.reads,
        clock=clock,
        reserved_slugs=RESERVED_SLUGS,
    )
    comments = providers.Singleton(
        Comments,
        uow=persistence.provided.unit_of_work,
        reads=persistence.provided.reads,
        clock=clock,
    )


async def open_container(container: Container) -> None:
    """Open the container's resources; call inside the event loop that will use them."""
    opening = container.init_resources()
    if opening is not None:
        await opening


async def close_container(container: Container) -> None:
    """Close what ``open_container`` opened (database engines, the hasher's threads)."""
    closing = container.shutdown_resources()
    if closing is not None:
        await closing


def build_container(settings: Settings) -> Container:
    """A container for these settings; call ``await container.init_resources()`` before use and
    ``await container.shutdown_resources()`` after. Fails fast (``ConfigurationError``) on a bad
    URL, a missing or weak secret, or security parameters the adapters refuse."""
    database_kind(settings.database_url)
    container = Container(settings=settings)
    try:
        container.tokens()
        container.access_tokens()
        container.cursors()
        container.hasher()
    except ValueError as error:  # an adapter refusing its parameters
        raise ConfigurationError(str(error)) from None
    return container


def instrument(container: Container, tracer_provider: TracerProvider) -> None:
    """Trace every SQL statement the container's persistence sends (memory sends none)."""
    persistence = container.persistence()
    if isinstance(persistence, SqlDatabase):
        persistence.instrument(tracer_provider)


def http_client(tracer_provider: TracerProvider | None = None) -> httpx.AsyncClient:
    """The client for outbound HTTP calls, with a span per call when tracing is on."""
    return outbound_client(tracer_provider=tracer_provider)


# --- For the command line: database problems an operator can fix, each told in one line ---
DATABASE_URL_SETTING = "QUILL_DATABASE_URL"


def printable_database_url(settings: Settings) -> str:
    """The configured database URL with its password shown as ``***``."""
    return printable_url(settings.database_url)


def check_database(settings: Settings) -> None:
    """Raise ``ConfigurationError`` naming the database (password hidden) and the fix when the
    adapter cannot use it: unknown scheme, unparsable URL, missing driver, in-memory SQLite, a
    SQLite file or folder that cannot be made or opened. Connects to no server."""
    url = settings.database_url
    try:
        kind = database_kind(url)
    except ConfigurationError as error:
        raise ConfigurationError(f"cannot use the database {printable_url(url)}: {error}") from None
    if kind != "memory" and (problem := unusable_database(url, setting=DATABASE_URL_SETTING)):
        raise ConfigurationError(problem)


def database_failure(settings: Settings, error: BaseException) -> ConfigurationError | None:
    """``error`` as a ``ConfigurationError`` naming the database and the fix, when it is a
    failure of the configured database an operator can fix (unreachable, login or database name
    refused, SQLite file that cannot be opened); ``None`` for anything else, which is a bug."""
    problem = explain_failure(settings.database_url, error, setting=DATABASE_URL_SETTING)
    return None if problem is None else ConfigurationError(problem)
