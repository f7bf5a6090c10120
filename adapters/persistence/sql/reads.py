"""The read model: runs ``queries.py``'s statements and builds views straight from the rows.

Each call takes a constant number of statements whatever the page size: one on PostgreSQL (tags
come in the row), one more for the tags on SQLite, and one count only for an empty page past
offset 0. ``SqlDatabase.reads`` reads without a transaction (see ``sessions.py``); ``uow.reads``
uses the unit of work's own connection, so it sees the unit's uncommitted writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from adapters.persistence.sql import queries as q
from adapters.persistence.sql.engine import POSTGRESQL
from adapters.persistence.sql.sessions import OpenSession, Session
from application.ports import ArticleFilter, ReadModel
from application.views import ArticlePage, ArticleSummary, ArticleView, CommentView, ProfileView
from domain.ids import CommentId, UserId
from domain.paging import PageRequest


class SqlReadModel(ReadModel):
    def __init__(self, dialect: str, open_session: OpenSession) -> None:
        self._open = open_session
        self._dialect = dialect
        self._inline_tags = dialect == POSTGRESQL

    async def profile(self, username: str, viewer: UserId | None) -> ProfileView | None:
        async with self._open() as session:
            rows = await session.rows(
                q.PROFILE[viewer is not None], {"username": username, "viewer": viewer}
            )
        if not rows:
            return None
        row = rows[0]
        return ProfileView(row[0], row[1], row[2], bool(row[3]))

    async def article(self, slug: str, viewer: UserId | None) -> ArticleView | None:
        statement = q.article_by_slug(self._dialect, viewer is not None)
        async with self._open() as session:
            rows = await session.rows(statement, {"slug": slug, "viewer": viewer})
            if not rows:
                return None
            row = rows[0]
            if self._inline_tags:
                tags: list[str] = row[q.TAGS]
            else:
                tags = (await _tags(session, [row[q.ID]])).get(row[q.ID], [])
        return ArticleView(*_summary_fields(row, tags), row[q.EXTRA])

    async def articles(
        self, filter: ArticleFilter, page: PageRequest, viewer: UserId | None
    ) -> ArticlePage:
        shape = q.Shape(
            tag=filter.tag is not None,
            author=filter.author is not None,
            favorited_by=filter.favorited_by is not None,
            viewer=viewer is not None,
        )
        given = {
            "tag": filter.tag,
            "author": filter.author,
            "favorited_by": filter.favorited_by,
            "viewer": viewer,
        }
        params = {name: value for name, value in given.items() if value is not None}
        return await self._page(shape, params, page)

    async def feed(self, viewer: UserId, page: PageRequest) -> ArticlePage:
        return await self._page(q.Shape(feed=True, viewer=True), {"viewer": viewer}, page)

    async def comments(self, slug: str, viewer: UserId | None) -> list[CommentView] | None:
        async with self._open() as session:
            rows = await session.rows(
                q.COMMENTS_OF_ARTICLE[viewer is not None], {"slug": slug, "viewer": viewer}
            )
        if not rows:
            return None
        # An article without comments comes back as one row of NULLs (the outer join).
        return [_comment(row) for row in rows if row[0] is not None]

    async def comment(self, comment_id: CommentId, viewer: UserId | None) -> CommentView | None:
        async with self._open() as session:
            rows = await session.rows(
                q.COMMENT[viewer is not None], {"comment_id": comment_id, "viewer": viewer}
            )
        return _comment(rows[0]) if rows else None

    async def tags(self) -> list[str]:
        async with self._open() as session:
            rows = await session.rows(q.tags_in_use(self._dialect), {})
        return [row[0] for row in rows]

    async def _page(self, shape: q.Shape, params: dict[str, Any], page: PageRequest) -> ArticlePage:
        statement = q.article_page(self._dialect, shape)
        async with self._open() as session:
            rows = await session.rows(
                statement, {**params, "limit": page.limit, "offset": page.offset}
            )
            if not rows:
                total = 0
                if page.offset:  # past the end: no row carries the total
                    total = (await session.rows(q.article_count(shape), params))[0][0]
                return ArticlePage([], total)
            if self._inline_tags:
                return ArticlePage([_summary(row, row[q.TAGS]) for row in rows], rows[0][q.EXTRA])
            tags = await _tags(session, [row[q.ID] for row in rows])
        articles = [_summary(row, tags.get(row[q.ID], [])) for row in rows]
        return ArticlePage(articles, rows[0][q.EXTRA])


async def _tags(session: Session, article_ids: Sequence[Any]) -> dict[Any, list[str]]:
    tags: dict[Any, list[str]] = {}
    for article_id, tag in await session.rows(q.TAGS_OF, {"article_ids": article_ids}):
        tags.setdefault(article_id, []).append(tag)
    return tags


def _author(row: Sequence[Any]) -> ProfileView:
    return ProfileView(row[q.USERNAME], row[q.BIO], row[q.IMAGE], bool(row[q.FOLLOWING]))


_SummaryFields = tuple[str, str, str, list[str], datetime, datetime, bool, int, ProfileView]


def _summary_fields(row: Sequence[Any], tags: list[str]) -> _SummaryFields:
    """An article row's fields in ``ArticleSummary`` order (``ArticleView`` adds the body)."""
    return (
        row[q.SLUG],
        row[q.TITLE],
        row[q.DESCRIPTION],
        tags,
        row[q.CREATED_AT],
        row[q.UPDATED_AT],
        bool(row[q.FAVORITED]),
        row[q.FAVORITES_COUNT],
        _author(row),
    )


def _summary(row: Sequence[Any], tags: list[str]) -> ArticleSummary:
    return ArticleSummary(*_summary_fields(row, tags))


def _comment(row: Sequence[Any]) -> CommentView:
    author = ProfileView(row[4], row[5], row[6], bool(row[7]))
    return CommentView(CommentId(row[0]), row[1], row[2], row[3], author)
