"""The statements of keyset pages (``/api/v1`` lists): articles, the feed, an article's comments.

A page is the rows after a position in (created_at, id) order, written as a row-value comparison
``(created_at, id) < (:after_at, :after_id)`` (``>`` oldest first), which PostgreSQL and SQLite
both answer as a range of the matching index (``article_created_at_id_idx``,
``article_comment_article_id_created_at_id_idx``): no OFFSET, however deep the page. Each
statement fetches ``limit + 1`` rows (``reads`` asks for one more than the page) so that the
extra row tells whether anything follows. The total of matches is a column only when asked for
(``NULL`` otherwise): counting visits every match.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, Select, Uuid, and_, bindparam, func, null, select, tuple_

from adapters.persistence.sql.engine import POSTGRESQL, SQLITE
from adapters.persistence.sql.queries import (
    CommentRow,
    Query,
    Shape,
    SummaryRow,
    _comments,
    _count,
    _filters,
    _summary,
    query,
)
from adapters.persistence.sql.tables import article, article_comment, user_account
from adapters.persistence.sql.types import BigId, UtcDateTime

a, c, u = article.c, article_comment.c, user_account.c


@dataclass(frozen=True, slots=True)
class Keyset:
    """Which parts a keyset statement needs besides its filters."""

    newest_first: bool = True
    after: bool = False
    total: bool = False


class KeysetRow(SummaryRow):
    total: int | None  # every match of the list, when asked for


class TaggedKeysetRow(KeysetRow):
    tags: list[str]


class CommentPageRow(CommentRow):
    total: int | None


def _after(
    created_at: ColumnElement[Any], id: ColumnElement[Any], id_type: Any, keyset: Keyset
) -> list[ColumnElement[bool]]:
    if not keyset.after:
        return []
    key = tuple_(created_at, id)
    mark = tuple_(bindparam("after_at", type_=UtcDateTime()), bindparam("after_id", type_=id_type))
    return [key < mark if keyset.newest_first else key > mark]


def _order(created_at: ColumnElement[Any], id: ColumnElement[Any], newest_first: bool) -> Any:
    return (created_at.desc(), id.desc()) if newest_first else (created_at.asc(), id.asc())


def _article_page(dialect: str, shape: Shape, keyset: Keyset) -> Select[Any]:
    """Like ``queries._page``: the page's ids from the article table and its indexes alone,
    then only those rows joined to their authors, flags, counts and tags."""
    order = _order(a.created_at, a.id, keyset.newest_first)
    where = [*_filters(shape), *_after(a.created_at, a.id, Uuid(), keyset)]
    page = select(a.id).where(*where).order_by(*order).limit(bindparam("limit")).subquery("page")
    total = (
        _count(shape).correlate(None).scalar_subquery().label("total")
        if keyset.total
        else null().label("total")
    )
    joined = article.join(page, page.c.id == a.id)
    return _summary(dialect, shape.viewer, total, joined).order_by(*order)


@cache
def article_keyset_page(shape: Shape, keyset: Keyset) -> Query[KeysetRow]:
    """A page on SQLite, whose tags come from ``queries.TAGS_OF``."""
    return query(KeysetRow, _article_page(SQLITE, shape, keyset))


@cache
def tagged_article_keyset_page(shape: Shape, keyset: Keyset) -> Query[TaggedKeysetRow]:
    """A page on PostgreSQL, each row with its tags in the author's order."""
    return query(TaggedKeysetRow, _article_page(POSTGRESQL, shape, keyset))


@cache
def comment_keyset_page(viewer: bool, keyset: Keyset) -> Query[CommentPageRow]:
    """The page's comments joined to their article, so that an article without comments (or a
    page past its last one) still gives a row, of NULLs, and a missing article none."""
    pc = article_comment.alias("page_comment").c
    pa = article.alias("page_article").c
    article_id = select(pa.id).where(pa.slug == bindparam("slug")).scalar_subquery()
    where = [pc.article_id == article_id, *_after(pc.created_at, pc.id, BigId, keyset)]
    order = _order(pc.created_at, pc.id, keyset.newest_first)
    ids = select(pc.id).where(*where).order_by(*order).limit(bindparam("limit"))
    counted = article_comment.alias("counted_comment").c
    total = (
        select(func.count()).where(counted.article_id == a.id).scalar_subquery().label("total")
        if keyset.total
        else null().label("total")
    )
    statement = (
        select(*_comments(viewer), total)
        .select_from(
            article.outerjoin(article_comment, and_(c.article_id == a.id, c.id.in_(ids))).outerjoin(
                user_account, u.id == c.author_id
            )
        )
        .where(a.slug == bindparam("slug"))
        .order_by(*_order(c.created_at, c.id, keyset.newest_first))
    )
    return query(CommentPageRow, statement)
