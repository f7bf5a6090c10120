"""The outbox remembers what caused each event: ``request_id`` and W3C ``traceparent``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 00:00:00

Expand only: two nullable columns, so the previous release (which names neither) still inserts
and reads outbox rows against this schema.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("outbox_event", sa.Column("request_id", sa.String(128), nullable=True))
    op.add_column("outbox_event", sa.Column("traceparent", sa.String(55), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox_event") as batch:
        batch.drop_column("traceparent")
        batch.drop_column("request_id")
