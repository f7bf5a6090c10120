"""Administration of the bench database itself: create, drop, vacuum (never its rows)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import asyncpg  # type: ignore[import-untyped,unused-ignore]


def admin_dsn(url: str) -> tuple[str, str]:
    """The asyncpg DSN of the server's ``postgres`` database, and the bench database's name."""
    parts = urlsplit(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    return urlunsplit(parts._replace(path="/postgres")), name


async def database_exists(url: str) -> bool:
    dsn, name = admin_dsn(url)
    conn = await asyncpg.connect(dsn)
    try:
        return bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
    finally:
        await conn.close()


async def recreate_database(url: str) -> None:
    dsn, name = admin_dsn(url)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()


async def vacuum(url: str) -> None:
    """Statistics and visibility maps, so the first run plans (and counts) like a settled one."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        await conn.execute("VACUUM (ANALYZE)")
    finally:
        await conn.close()
