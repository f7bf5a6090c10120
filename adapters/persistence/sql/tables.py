"""The schema as SQLAlchemy Core tables. Alembic migrations own the real schema; a test checks that
these definitions and the migrations never drift apart.

Names follow PostgreSQL's own style (``<table>_pkey``, ``<table>_<columns>_key`` …) on both
dialects, so the adapter can turn a violated constraint into a domain error by its name.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    func,
)

from adapters.persistence.sql.types import BigId, UtcDateTime

NAMING_CONVENTION = {
    "pk": "%(table_name)s_pkey",
    "uq": "%(table_name)s_%(column_0_N_name)s_key",
    "fk": "%(table_name)s_%(column_0_N_name)s_fkey",
    "ix": "%(table_name)s_%(column_0_N_name)s_idx",
    "ck": "%(table_name)s_%(constraint_name)s_check",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

# The unique keys are named here (an expression index has no column name to build one from);
# ``errors.py`` maps these names (and ``article_slug_key``) to the domain's ``AlreadyExists``.
USER_EMAIL_KEY = "user_account_email_key"
USER_USERNAME_KEY = "user_account_username_key"
ARTICLE_SLUG_KEY = "article_slug_key"

CASCADE = "CASCADE"

user_account = Table(
    "user_account",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("username", String(32), nullable=False),
    Column("email", String(254), nullable=False),
    # domain.users.email_key(email): case folding may lengthen a text, hence the room.
    Column("email_key", String(1024), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("bio", Text, nullable=True),
    Column("image", Text, nullable=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint("email_key", name=USER_EMAIL_KEY),
)
Index(USER_USERNAME_KEY, func.lower(user_account.c.username), unique=True)
Index(None, user_account.c.created_at, user_account.c.id)

user_follow = Table(
    "user_follow",
    metadata,
    Column(
        "follower_id",
        Uuid,
        ForeignKey(user_account.c.id, ondelete=CASCADE),
        primary_key=True,
    ),
    Column(
        "followee_id",
        Uuid,
        ForeignKey(user_account.c.id, ondelete=CASCADE),
        primary_key=True,
    ),
    CheckConstraint("follower_id <> followee_id", name="not_self"),
)
# (follower_id, followee_id) is the primary key; this one answers "who follows this user".
Index(None, user_follow.c.followee_id)

article = Table(
    "article",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column(
        "author_id",
        Uuid,
        ForeignKey(user_account.c.id, ondelete=CASCADE),
        nullable=False,
    ),
    Column("slug", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)
# Newest first, globally and per author (ties broken by id).
Index(None, article.c.created_at, article.c.id)
Index(None, article.c.author_id, article.c.created_at)

# An article's earlier slugs (before a retitle): reserved to it, resolved to its current slug for
# redirects, removed with it. Migration 0005.
article_slug = Table(
    "article_slug",
    metadata,
    Column("slug", Text, primary_key=True),
    Column(
        "article_id",
        Uuid,
        ForeignKey(article.c.id, ondelete=CASCADE),
        nullable=False,
    ),
)
Index(None, article_slug.c.article_id)

article_tag = Table(
    "article_tag",
    metadata,
    Column(
        "article_id",
        Uuid,
        ForeignKey(article.c.id, ondelete=CASCADE),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("tag", String(40), nullable=False),
    # domain.articles.tag_key(tag): what makes two spellings one tag (case folding may lengthen
    # a text, hence the room). Written by this release; nullable so that the previous release,
    # which does not know it, can still insert tags, filled for those rows by a trigger
    # (migration 0002). A later release backfills and makes it NOT NULL.
    Column("tag_key", String(160), nullable=True),
    CheckConstraint("position >= 0", name="position"),
)
# Filter by tag key; count the uses of each spelling; neither reads the table.
Index(None, article_tag.c.tag_key, article_tag.c.article_id)
Index(None, article_tag.c.tag, article_tag.c.article_id)

article_favorite = Table(
    "article_favorite",
    metadata,
    Column(
        "user_id",
        Uuid,
        ForeignKey(user_account.c.id, ondelete=CASCADE),
        primary_key=True,
    ),
    Column(
        "article_id",
        Uuid,
        ForeignKey(article.c.id, ondelete=CASCADE),
        primary_key=True,
    ),
)
# (user_id, article_id) is the primary key (favorites by user); this one counts an article's.
Index(None, article_favorite.c.article_id)

article_comment = Table(
    "article_comment",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column(
        "article_id",
        Uuid,
        ForeignKey(article.c.id, ondelete=CASCADE),
        nullable=False,
    ),
    Column(
        "author_id",
        Uuid,
        ForeignKey(user_account.c.id, ondelete=CASCADE),
        nullable=False,
    ),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    sqlite_autoincrement=True,  # never hand out the id of a deleted comment again
)
Index(None, article_comment.c.article_id, article_comment.c.created_at)
# Keyset pages of an article's comments, by (created_at, id) either way (migration 0005).
Index(None, article_comment.c.article_id, article_comment.c.created_at, article_comment.c.id)
Index(None, article_comment.c.author_id)

outbox_event = Table(
    "outbox_event",
    metadata,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("payload", Text, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("published_at", UtcDateTime, nullable=True),
    # What caused the event (``application.context.Correlation``); empty for rows written by a
    # release older than 0003, and for work no request caused.
    Column("request_id", String(128), nullable=True),
    Column("traceparent", String(55), nullable=True),
    sqlite_autoincrement=True,
)
# The relay and the outbox-lag gauge look for the oldest unpublished event: a partial index keeps
# that one short lookup whatever the size of the published history.
Index(
    "outbox_event_unpublished_idx",
    outbox_event.c.id,
    postgresql_where=outbox_event.c.published_at.is_(None),
    sqlite_where=outbox_event.c.published_at.is_(None),
)
