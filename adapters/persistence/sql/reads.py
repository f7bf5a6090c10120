"""The read model: runs ``queries.py``'s statements and builds views straight from the rows, each
value read by its column label.

Each call takes a constant number of statements whatever the page size: one on PostgreSQL (tags
come in the row), one more for the tags on SQLite, and one count only for an empty page past
offset 0 (keyset pages: ``keyset_reads.py``). ``SqlDatabase.reads`` reads without a transaction
(see ``sessions.py``); ``uow.reads`` uses the unit of work's own connection, so it sees the
unit's uncommitted writes.
"""

from __future__ import annotations

import uuid
from functools import lru_cache
from typing import Any

from adapters.persistence.sql import keyset_reads as kr
from adapters.persistence.sql import queries as q
from adapters.persistence.sql import row_views as rv
from adapters.persistence.sql.engine import POSTGRESQL
from adapters.persistence.sql.sessions import Params, Reader, Session
from adapters.persistence.sql.slug_queries import CURRENT_SLUG
from application.ports import ArticleFilter, ReadModel
from application.views import (
    ArticleKeysetPage,
    ArticlePage,
    ArticleView,
    CommentKeysetPage,
    CommentView,
    ProfileView,
    TagCount,
)
from domain.articles import tag_counts, tag_key, tags_by_use
from domain.ids import CommentId, UserId
from domain.paging import KeysetRequest, PageRequest


class SqlReadModel(ReadModel):
    def __init__(self, dialect: str, reader: Reader) -> None:
        self._run = reader.run
        self._inline_tags = dialect == POSTGRESQL

    async def profile(self, username: str, viewer: UserId | None) -> ProfileView | None:
        query = q.PROFILE[viewer is not None]
        params = {"username": username, "viewer": viewer}
        rows = await self._run(lambda session: session.rows(query, params))
        return rv.profile(rows[0]) if rows else None

    async def article(self, slug: str, viewer: UserId | None) -> ArticleView | None:
        params = {"slug": slug, "viewer": viewer}
        if self._inline_tags:
            tagged = q.tagged_article_by_slug(viewer is not None)
            rows = await self._run(lambda session: session.rows(tagged, params))
            return rv.article(rows[0], rows[0]["tags"]) if rows else None
        return await self._run(lambda session: _article_with_tags(session, viewer, params))

    async def articles(
        self, filter: ArticleFilter, page: PageRequest, viewer: UserId | None
    ) -> ArticlePage:
        shape, params = _filtered(filter, viewer)
        return await self._page(shape, params, page)

    async def feed(self, viewer: UserId, page: PageRequest) -> ArticlePage:
        return await self._page(q.Shape(feed=True, viewer=True), {"viewer": viewer}, page)

    async def article_page(
        self, filter: ArticleFilter, request: KeysetRequest, viewer: UserId | None
    ) -> ArticleKeysetPage:
        shape, params = _filtered(filter, viewer)
        return await self._keyset_page(shape, params, request)

    async def feed_page(self, viewer: UserId, request: KeysetRequest) -> ArticleKeysetPage:
        shape = q.Shape(feed=True, viewer=True)
        return await self._keyset_page(shape, {"viewer": viewer}, request)

    async def comment_page(
        self, slug: str, viewer: UserId | None, request: KeysetRequest
    ) -> CommentKeysetPage | None:
        params = {"slug": slug, **kr.keyset_params(request, int)}
        if viewer is not None:
            params["viewer"] = viewer
        has_viewer = viewer is not None
        return await self._run(
            lambda session: kr.comment_page(session, has_viewer, request, params)
        )

    async def current_slug(self, slug: str) -> str | None:
        rows = await self._run(lambda session: session.rows(CURRENT_SLUG, {"slug": slug}))
        return rows[0]["slug"] if rows else None

    async def _keyset_page(
        self, shape: q.Shape, params: dict[str, Any], request: KeysetRequest
    ) -> ArticleKeysetPage:
        params = {**params, **kr.keyset_params(request, uuid.UUID)}
        inline = self._inline_tags
        return await self._run(
            lambda session: kr.article_page(session, shape, request, params, inline)
        )

    async def comments(self, slug: str, viewer: UserId | None) -> list[CommentView] | None:
        query = q.COMMENTS_OF_ARTICLE[viewer is not None]
        params = {"slug": slug, "viewer": viewer}
        rows = await self._run(lambda session: session.rows(query, params))
        if not rows:
            return None
        return rv.comments(rows)

    async def comment(self, comment_id: CommentId, viewer: UserId | None) -> CommentView | None:
        query = q.COMMENT[viewer is not None]
        params = {"comment_id": comment_id, "viewer": viewer}
        rows = await self._run(lambda session: session.rows(query, params))
        found = rv.comments(rows)
        return found[0] if found else None

    async def tags(self) -> list[str]:
        rows = await self._run(lambda session: session.rows(q.TAG_USES, {}))
        return tags_by_use(((row["tag"], row["uses"]) for row in rows), key=_key_of)

    async def tag_counts(self, limit: int) -> list[TagCount]:
        # Every spelling's uses, merged here (as for ``tags``): a few dozen rows.
        rows = await self._run(lambda session: session.rows(q.TAG_USES, {}))
        uses = ((row["tag"], row["uses"]) for row in rows)
        return [TagCount(tag, count) for tag, count in tag_counts(uses, key=_key_of)[:limit]]

    async def _page(self, shape: q.Shape, params: dict[str, Any], page: PageRequest) -> ArticlePage:
        params = {**params, "limit": page.limit, "offset": page.offset}
        if self._inline_tags:
            return await self._run(lambda session: _tagged_page(session, shape, params))
        return await self._run(lambda session: _page_with_tags(session, shape, params))


def _filtered(filter: ArticleFilter, viewer: UserId | None) -> tuple[q.Shape, dict[str, Any]]:
    """The list statement's shape for a filter, and its parameters."""
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
    return shape, {name: value for name, value in given.items() if value is not None}


# A tag's key, remembered: the same few dozen spellings come back on every call.
_key_of = lru_cache(maxsize=4096)(tag_key)


async def _tagged_page(session: Session, shape: q.Shape, params: Params) -> ArticlePage:
    rows = await session.rows(q.tagged_article_page(shape), params)
    if not rows:
        return ArticlePage([], await _total_past_the_end(session, shape, params))
    return ArticlePage([rv.summary(row, row["tags"]) for row in rows], rows[0]["total"])


async def _page_with_tags(session: Session, shape: q.Shape, params: Params) -> ArticlePage:
    rows = await session.rows(q.article_page(shape), params)
    if not rows:
        return ArticlePage([], await _total_past_the_end(session, shape, params))
    tags = await rv.tags_of(session, [row["id"] for row in rows])
    return ArticlePage([rv.summary(row, tags.get(row["id"], [])) for row in rows], rows[0]["total"])


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
    return rv.article(row, (await rv.tags_of(session, [row["id"]])).get(row["id"], []))
