"""Views built straight from the read model's rows, each value read by its column label (shared
by ``reads.py`` and ``keyset_reads.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from adapters.persistence.sql import queries as q
from adapters.persistence.sql.sessions import Session
from application.views import ArticleSummary, ArticleView, CommentView, ProfileView
from domain.ids import ArticleId, CommentId


async def tags_of(session: Session, article_ids: Sequence[ArticleId]) -> dict[ArticleId, list[str]]:
    tags: dict[ArticleId, list[str]] = {}
    for row in await session.rows(q.TAGS_OF, {"article_ids": article_ids}):
        tags.setdefault(row["article_id"], []).append(row["tag"])
    return tags


def profile(row: q.ProfileRow) -> ProfileView:
    return ProfileView(
        username=row["username"],
        bio=row["bio"],
        image=row["image"],
        following=bool(row["following"]),
    )


_SummaryFields = tuple[str, str, str, list[str], datetime, datetime, bool, int, ProfileView]


# Views are built with positional arguments, in their fields' order: on a page of 20 that is
# measurably cheaper than keywords (the contract tests check every field lands where it belongs).
def _summary_fields(row: q.SummaryRow, tags: list[str]) -> _SummaryFields:
    return (
        row["slug"],
        row["title"],
        row["description"],
        tags,
        row["created_at"],
        row["updated_at"],
        bool(row["favorited"]),
        row["favorites_count"],
        ProfileView(row["username"], row["bio"], row["image"], bool(row["following"])),
    )


def summary(row: q.SummaryRow, tags: list[str]) -> ArticleSummary:
    return ArticleSummary(*_summary_fields(row, tags))


def article(row: q.ArticleRow, tags: list[str]) -> ArticleView:
    return ArticleView(*_summary_fields(row, tags), row["body"])


def comments(rows: Sequence[q.CommentRow]) -> list[CommentView]:
    # An article without comments comes back as one row of NULLs (the outer join).
    return [
        comment_view(row, comment_id)
        for row in rows
        if (comment_id := row["comment_id"]) is not None
    ]


def comment_view(row: q.CommentRow, comment_id: CommentId) -> CommentView:
    return CommentView(
        id=comment_id,
        body=row["body"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        author=profile(row),
    )
