"""Tags compared by their key: ``article_tag.tag_key``, and case-duplicates merged.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 00:00:00

Expand only, so the previous release still runs against this schema: it inserts tags without a
key, so the column is nullable and a trigger fills it for such rows (``lower(tag)``, which is
``tag_key`` for ASCII tags; the previous release only ever wrote NFC-normalized tags). The next
release recomputes every key, drops the trigger and sets NOT NULL.

Every stored tag gets its key (computed here in Python, one UPDATE per distinct spelling), and an
article holding two spellings of one tag keeps the first by position, positions left dense.
Downgrading drops the column and the trigger; merged tags stay merged.

On SQLite the trigger lives on the table: a later migration that copies ``article_tag`` (batch
mode) must create it again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_INDEX = "article_tag_tag_key_article_id_idx"

_POSTGRES_TRIGGER = (
    """
    CREATE FUNCTION article_tag_tag_key_fill() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.tag_key := lower(NEW.tag);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER article_tag_tag_key_fill BEFORE INSERT ON article_tag
    FOR EACH ROW WHEN (NEW.tag_key IS NULL) EXECUTE FUNCTION article_tag_tag_key_fill()
    """,
)
# SQLite's BEFORE triggers cannot change the row; an AFTER trigger updates it.
_SQLITE_TRIGGER = (
    """
    CREATE TRIGGER article_tag_tag_key_fill AFTER INSERT ON article_tag
    FOR EACH ROW WHEN NEW.tag_key IS NULL
    BEGIN
        UPDATE article_tag SET tag_key = lower(NEW.tag)
        WHERE article_id = NEW.article_id AND position = NEW.position;
    END
    """,
)


def tag_key(tag: str) -> str:
    """``domain.articles.tag_key`` as of this revision, frozen here so the migration means the
    same whatever later code does: trimmed, NFC, case-folded, NFC again."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", tag).strip().casefold())


def upgrade() -> None:
    if context.is_offline_mode():
        raise RuntimeError("migration 0002 computes tag keys in Python: run it online")
    with op.batch_alter_table("article_tag") as batch:
        batch.add_column(sa.Column("tag_key", sa.String(160), nullable=True))
    bind = op.get_bind()
    _fill_keys(bind)
    _merge_duplicates(bind)
    for statement in _POSTGRES_TRIGGER if bind.dialect.name == "postgresql" else _SQLITE_TRIGGER:
        bind.exec_driver_sql(statement)
    op.create_index(op.f(_INDEX), "article_tag", ["tag_key", "article_id"])


def _fill_keys(bind: sa.Connection) -> None:
    spellings = bind.execute(sa.text("SELECT DISTINCT tag FROM article_tag")).scalars().all()
    if spellings:
        bind.execute(
            sa.text("UPDATE article_tag SET tag_key = :key WHERE tag = :tag"),
            [{"key": tag_key(tag), "tag": tag} for tag in spellings],
        )


def _merge_duplicates(bind: sa.Connection) -> None:
    affected = bind.execute(
        sa.text(
            "SELECT DISTINCT article_id FROM article_tag "
            "GROUP BY article_id, tag_key HAVING count(*) > 1"
        )
    ).scalars()
    for article_id in list(affected):
        given = {"article_id": article_id}
        tags = bind.execute(
            sa.text("SELECT tag FROM article_tag WHERE article_id = :article_id ORDER BY position"),
            given,
        ).scalars()
        first_spellings: dict[str, str] = {}
        for tag in tags:
            first_spellings.setdefault(tag_key(tag), tag)
        bind.execute(sa.text("DELETE FROM article_tag WHERE article_id = :article_id"), given)
        bind.execute(
            sa.text(
                "INSERT INTO article_tag (article_id, position, tag, tag_key) "
                "VALUES (:article_id, :position, :tag, :tag_key)"
            ),
            [
                {**given, "position": position, "tag": tag, "tag_key": key}
                for position, (key, tag) in enumerate(first_spellings.items())
            ],
        )


def downgrade() -> None:
    op.drop_index(op.f(_INDEX), table_name="article_tag")
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        bind.exec_driver_sql("DROP TRIGGER article_tag_tag_key_fill ON article_tag")
        bind.exec_driver_sql("DROP FUNCTION article_tag_tag_key_fill()")
    else:
        bind.exec_driver_sql("DROP TRIGGER article_tag_tag_key_fill")
    with op.batch_alter_table("article_tag") as batch:
        batch.drop_column("tag_key")
