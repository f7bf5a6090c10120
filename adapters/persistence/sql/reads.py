"""The read model: runs ``queries.py``'s statements and builds views straight from the rows, each
value read by its column label.

Each call takes a constant number of statements whatever the page size: one on PostgreSQL (tags
come in the row), one more for the tags on SQLite, and one count only for an empty page past
offset 0. ``SqlDatabase.reads`` reads without a transaction (see ``sessions.py``); ``uow.reads``
uses the unit of work's own connection, so it sees the unit's uncommitted writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from adapters.persistence.sql import queries as q
from adapters.persistence.sql.engine import POSTGRESQL
from adapters.persistence.sql.sessions import Params, Reader, Session
from application.ports import ArticleFilter, ReadModel
from application.views import ArticlePage, ArticleSummary, ArticleView, CommentView, ProfileView
from domain.articles import tag_key, tags_by_use
from domain.ids import ArticleId, CommentId, UserId
from domain.paging import PageRequest


class SqlReadModel(ReadModel):
    def __init__(self, dialect: str, reader: Reader) -> None:
        self._run = reader.run
        self._inline_tags = dialect == POSTGRESQL

    async def profile(self, username: str, viewer: UserId | None) -> ProfileView | None:
        query = q.PROFILE[viewer is not None]
        params = {"username": username, "viewer": viewer}
        rows = await self._run(lambda session: session.rows(query, params))
        return _profile(rows[0]) if rows else None

    async def article(self, slug: str, viewer: UserId | None) -> ArticleView | None:
        params = {"slug": slug, "viewer": viewer}
        if self._inline_tags:
            tagged = q.tagged_article_by_slug(viewer is not None)
            rows = await self._run(lambda session: session.rows(tagged, params))
            return _article(rows[0], rows[0]["tags"]) if rows else None
        return await self._run(lambda session: _article_with_tags(session, viewer, params))

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
            "tag_key": None if filter.tag is None else tag_key(filter.tag),
            "author": filter.author,
            "favorited_by": filter.favorited_by,
            "viewer": viewer,
        }
        params = {name: value for name, value in given.items() if value is not None}
        return await self._page(shape, params, page)

    async def feed(self, viewer: UserId, page: PageRequest) -> ArticlePage:
        return await self._page(q.Shape(feed=True, viewer=True), {"viewer": viewer}, page)

    async def comments(self, slug: str, viewer: UserId | None) -> list[CommentView] | None:
        query = q.COMMENTS_OF_ARTICLE[viewer is not None]
        params = {"slug": slug, "viewer": viewer}
        rows = await self._run(lambda session: session.rows(query, params))
        if not rows:
            return None
        return _comments(rows)

    async def comment(self, comment_id: CommentId, viewer: UserId | None) -> CommentView | None:
        query = q.COMMENT[viewer is not None]
        params = {"comment_id": comment_id, "viewer": viewer}
        rows = await self._run(lambda session: session.rows(query, params))
        found = _comments(rows)
        return found[0] if found else None

    async def tags(self) -> list[str]:
        rows = await self._run(lambda session: session.rows(q.TAG_USES, {}))
        return tags_by_use(((row["tag"], row["uses"]) for row in rows), key=_key_of)

    async def _page(self, shape: q.Shape, params: dict[str, Any], page: PageRequest) -> ArticlePage:
        params = {**params, "limit": page.limit, "offset": page.offset}
        if self._inline_tags:
            return await self._run(lambda session: _tagged_page(session, shape, params))
        return await self._run(lambda session: _page_with_tags(session, shape, params))


# A tag's key, remembered: the same few dozen spellings come back on every call.
_key_of = lru_cache(maxsize=4096)(tag_key)


async def _tagged_page(session: Session, shape: q.Shape, params: Params) -> ArticlePage:
    rows = await session.rows(q.tagged_article_page(shape), params)
    if not rows:
        return ArticlePage([], await _total_past_the_end(session, shape, params))
    return ArticlePage([_summary(row, row["tags"]) for row in rows], rows[0]["total"])


async def _page_with_tags(session: Session, shape: q.Shape, params: Params) -> ArticlePage:
    rows = await session.rows(q.article_page(shape), params)
    if not rows:
        return ArticlePage([], await _total_past_the_end(session, shape, params))
    tags = await _tags(session, [row["id"] for row in rows])
    return ArticlePage([_summary(row, tags.get(row["id"], [])) for row in rows], rows[0]["total"])


async def _total_past_the_end(session: Session, shape: q.Shape, params: Params) -> int:
    if not params["offset"]:  # the first page is empty: nothing matches
        return 0
    return (await session.rows(q.article_count(shape), params))[0]["total"]


async def _article_with_tags(
    session: Session, viewer: UserId | None, params: Params
) -> ArticleView | None:
    rows = await session.rows(q.article_by_slug(viewer is not None), params)
    if not rows:
        return None
    row = rows[0]
    return _article(row, (await _tags(session, [row["id"]])).get(row["id"], []))


async def _tags(session: Session, article_ids: Sequence[ArticleId]) -> dict[ArticleId, list[str]]:
    tags: dict[ArticleId, list[str]] = {}
    for row in await session.rows(q.TAGS_OF, {"article_ids": article_ids}):
        tags.setdefault(row["article_id"], []).append(row["tag"])
    return tags


def _profile(row: q.ProfileRow) -> ProfileView:
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


def _summary(row: q.SummaryRow, tags: list[str]) -> ArticleSummary:
    return ArticleSummary(*_summary_fields(row, tags))


def _article(row: q.ArticleRow, tags: list[str]) -> ArticleView:
    return ArticleView(*_summary_fields(row, tags), row["body"])


def _comments(rows: Sequence[q.CommentRow]) -> list[CommentView]:
    # An article without comments comes back as one row of NULLs (the outer join).
    return [
        _comment(row, comment_id) for row in rows if (comment_id := row["comment_id"]) is not None
    ]


def _comment(row: q.CommentRow, comment_id: CommentId) -> CommentView:
    return CommentView(
        id=comment_id,
        body=row["body"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        author=_profile(row),
    )
