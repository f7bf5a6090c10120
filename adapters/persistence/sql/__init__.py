"""The SQL persistence adapter: SQLAlchemy Core over SQLite (aiosqlite) or PostgreSQL (asyncpg).

``SqlDatabase.connect(url)`` builds the engine without I/O; ``migrate(url)`` brings the schema to
the newest Alembic revision; ``missing_migrations(url)`` lists revisions not yet applied.
"""

from adapters.persistence.sql.database import SqlDatabase
from adapters.persistence.sql.migrator import downgrade, migrate, missing_migrations

__all__ = ["SqlDatabase", "downgrade", "migrate", "missing_migrations"]
