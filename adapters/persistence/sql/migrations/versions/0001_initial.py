"""Initial schema: accounts, follows, articles with ordered tags, favorites, comments, outbox.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00

Every constraint and index is named explicitly, after the naming convention in tables.py, so both
dialects carry the same names (the adapter maps unique violations to domain errors by name).
Names are wrapped in ``op.f()`` so Alembic uses them as they are instead of running them through
the convention again (which would turn a check named ``x_check`` into ``<table>_x_check_check``).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIMESTAMP = sa.DateTime(timezone=True)
# BIGSERIAL on PostgreSQL; the autoincrementing rowid on SQLite.
_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def _cascade_to(table: str, column: str, parent: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{parent}.id"], name=op.f(f"{table}_{column}_fkey"), ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("email_key", sa.String(1024), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("bio", sa.Text(), nullable=True),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("user_account_pkey")),
        sa.UniqueConstraint("email_key", name=op.f("user_account_email_key")),
    )
    op.create_index(
        op.f("user_account_username_key"), "user_account", [sa.text("lower(username)")], unique=True
    )
    op.create_index(op.f("user_account_created_at_id_idx"), "user_account", ["created_at", "id"])

    op.create_table(
        "user_follow",
        sa.Column("follower_id", sa.Uuid(), nullable=False),
        sa.Column("followee_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("follower_id", "followee_id", name=op.f("user_follow_pkey")),
        sa.CheckConstraint("follower_id <> followee_id", name=op.f("user_follow_not_self_check")),
        _cascade_to("user_follow", "follower_id", "user_account"),
        _cascade_to("user_follow", "followee_id", "user_account"),
    )
    op.create_index(op.f("user_follow_followee_id_idx"), "user_follow", ["followee_id"])

    op.create_table(
        "article",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("slug", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("article_pkey")),
        sa.UniqueConstraint("slug", name=op.f("article_slug_key")),
        _cascade_to("article", "author_id", "user_account"),
    )
    op.create_index(op.f("article_created_at_id_idx"), "article", ["created_at", "id"])
    op.create_index(
        op.f("article_author_id_created_at_idx"), "article", ["author_id", "created_at"]
    )

    op.create_table(
        "article_tag",
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "position", name=op.f("article_tag_pkey")),
        sa.CheckConstraint("position >= 0", name=op.f("article_tag_position_check")),
        _cascade_to("article_tag", "article_id", "article"),
    )
    op.create_index(op.f("article_tag_tag_article_id_idx"), "article_tag", ["tag", "article_id"])

    op.create_table(
        "article_favorite",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "article_id", name=op.f("article_favorite_pkey")),
        _cascade_to("article_favorite", "user_id", "user_account"),
        _cascade_to("article_favorite", "article_id", "article"),
    )
    op.create_index(op.f("article_favorite_article_id_idx"), "article_favorite", ["article_id"])

    op.create_table(
        "article_comment",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("article_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", _TIMESTAMP, nullable=False),
        sa.Column("updated_at", _TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("article_comment_pkey")),
        _cascade_to("article_comment", "article_id", "article"),
        _cascade_to("article_comment", "author_id", "user_account"),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("article_comment_article_id_created_at_idx"),
        "article_comment",
        ["article_id", "created_at"],
    )
    op.create_index(op.f("article_comment_author_id_idx"), "article_comment", ["author_id"])

    op.create_table(
        "outbox_event",
        sa.Column("id", _BIG_ID, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("occurred_at", _TIMESTAMP, nullable=False),
        sa.Column("published_at", _TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("outbox_event_pkey")),
        sa.UniqueConstraint("event_id", name=op.f("outbox_event_event_id_key")),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    for table in (
        "outbox_event",
        "article_comment",
        "article_favorite",
        "article_tag",
        "article",
        "user_follow",
        "user_account",
    ):
        op.drop_table(table)
