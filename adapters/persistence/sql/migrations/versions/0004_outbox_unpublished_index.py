"""A partial index on the outbox's unpublished events.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 00:00:01

The oldest unpublished event (what the relay takes next, and the age the outbox-lag gauge
reports) is then one short index lookup, however long the published history grows. It is built
inside the migration's transaction (Quill migrates in one), so on PostgreSQL writes to the outbox
wait while it builds: a short wait while no relay has published anything yet.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "outbox_event_unpublished_idx"


def upgrade() -> None:
    op.create_index(
        _INDEX,
        "outbox_event",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL"),
        sqlite_where=sa.text("published_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="outbox_event")
