"""Keyset pages for ``SqlReadModel``: the statements of ``keyset_queries.py``, run and read.

A page takes as many statements as an offset page (``reads.py``): one on PostgreSQL, one more
for the tags on SQLite, and one count only when the total is asked for and the page is empty
(no row carries it then). Each statement fetches one row more than the page: the extra row says
that something follows, and the page's last row is the position to continue from.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adapters.persistence.sql import keyset_queries as k
from adapters.persistence.sql import queries as q
from adapters.persistence.sql.row_views import comment_view, summary, tags_of
from adapters.persistence.sql.sessions import Params, Session
from application.views import ArticleKeysetPage, CommentKeysetPage
from domain.ids import CommentId
from domain.paging import KeysetRequest, Position, Sort


def keyset_of(request: KeysetRequest) -> k.Keyset:
    return k.Keyset(
        newest_first=request.sort is Sort.NEWEST_FIRST,
        after=request.after is not None,
        total=request.with_total,
    )


def keyset_params(request: KeysetRequest, item_id: type[Any]) -> dict[str, Any]:
    """``limit`` one more than the page; ``after_*`` typed as the store keeps them (the use
    cases have checked that ``after.id`` reads as ``item_id``)."""
    params: dict[str, Any] = {"limit": request.limit + 1}
    if request.after is not None:
        params["after_at"] = request.after.created_at
        params["after_id"] = item_id(request.after.id)
    return params


async def article_page(
    session: Session, shape: q.Shape, request: KeysetRequest, params: Params, inline_tags: bool
) -> ArticleKeysetPage:
    keyset, limit = keyset_of(request), request.limit
    rows: Sequence[k.KeysetRow]
    if inline_tags:
        tagged = await session.rows(k.tagged_article_keyset_page(shape, keyset), params)
        views = [summary(row, row["tags"]) for row in tagged[:limit]]
        rows = tagged
    else:
        rows = await session.rows(k.article_keyset_page(shape, keyset), params)
        shown = rows[:limit]
        tags = await tags_of(session, [row["id"] for row in shown]) if shown else {}
        views = [summary(row, tags.get(row["id"], [])) for row in shown]
    next = None
    if len(rows) > limit:
        last = rows[limit - 1]
        next = Position(last["created_at"], str(last["id"]))
    total: int | None = None
    if keyset.total:
        if rows:
            total = rows[0]["total"]
        else:  # no row to carry it
            total = (await session.rows(q.article_count(shape), params))[0]["total"]
    return ArticleKeysetPage(views, next, total)


async def comment_page(
    session: Session, viewer: bool, request: KeysetRequest, params: Params
) -> CommentKeysetPage | None:
    keyset, limit = keyset_of(request), request.limit
    rows = await session.rows(k.comment_keyset_page(viewer, keyset), params)
    if not rows:
        return None
    # An article without comments on this page comes back as one row of NULLs (the outer join).
    found = [(row, comment_id) for row in rows if (comment_id := row["comment_id"]) is not None]
    shown = found[:limit]
    next = None
    if len(found) > limit:
        last, last_id = shown[-1]
        next = Position(last["created_at"], int(last_id))
    views = [comment_view(row, CommentId(comment_id)) for row, comment_id in shown]
    return CommentKeysetPage(views, next, rows[0]["total"] if keyset.total else None)
