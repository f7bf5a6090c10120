"""Earlier slugs (``article_slug``) and an index for keyset pages of an article's comments.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 00:00:02

Expand only: a new table and a new index. The previous release neither reads nor writes
``article_slug``, so it still runs against this schema (articles it retitles keep no earlier
slug; ones it deletes take theirs along by the foreign key's cascade). The article list's keyset
order (created_at, id) already has its index (``article_created_at_id_idx``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COMMENT_INDEX = "article_comment_article_id_created_at_id_idx"


def upgrade() -> None:
    op.create_table(
        "article_slug",
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name="article_slug_article_id_fkey",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("slug", name="article_slug_pkey"),
    )
    op.create_index("article_slug_article_id_idx", "article_slug", ["article_id"])
    op.create_index(_COMMENT_INDEX, "article_comment", ["article_id", "created_at", "id"])


def downgrade() -> None:
    op.drop_index(_COMMENT_INDEX, table_name="article_comment")
    op.drop_index("article_slug_article_id_idx", table_name="article_slug")
    op.drop_table("article_slug")
