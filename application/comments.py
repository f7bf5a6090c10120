"""Comments: add to an article, list an article's (all, or a keyset page), delete one's own.

``parse_comment`` is a new comment's one way in: pure (no I/O); ``add`` calls it once.
"""

from __future__ import annotations

from application.ports import Clock, ReadModel, UnitOfWorkFactory
from application.positions import comment_positions
from application.views import CommentKeysetPage, CommentView
from domain.comments import CommentBody, NewComment
from domain.errors import NotFound
from domain.ids import CommentId, UserId
from domain.paging import KeysetRequest


def parse_comment(body: str) -> CommentBody:
    return CommentBody.parse(body)


class Comments:
    def __init__(self, *, uow: UnitOfWorkFactory, reads: ReadModel, clock: Clock) -> None:
        self._uow, self._reads, self._clock = uow, reads, clock

    async def add(self, slug: str, by: UserId, body: str) -> CommentView:
        valid_body = parse_comment(body)
        async with self._uow() as uow:
            article_id = await uow.articles.id_by_slug(slug)
            if article_id is None:
                raise NotFound("article", slug)
            comment = await uow.comments.add(
                NewComment(
                    article_id=article_id,
                    author_id=by,
                    body=valid_body,
                    created_at=self._clock.now(),
                )
            )
            comment.added()
            await uow.outbox.add(comment.pull_events())
            view = await uow.reads.comment(comment.id, by)
            if view is None:  # pragma: no cover - written in this very transaction
                raise NotFound("comment", comment.id)
            await uow.commit()
        return view

    async def of_article(self, slug: str, viewer: UserId | None) -> list[CommentView]:
        comments = await self._reads.comments(slug, viewer)
        if comments is None:
            raise NotFound("article", slug)
        return comments

    async def page(
        self, slug: str, viewer: UserId | None, request: KeysetRequest
    ) -> CommentKeysetPage:
        """A keyset page of the article's comments (``request.after.id`` a comment's id)."""
        found = await self._reads.comment_page(slug, viewer, comment_positions(request))
        if found is None:
            raise NotFound("article", slug)
        return found

    async def delete(self, slug: str, comment_id: CommentId, by: UserId) -> None:
        async with self._uow() as uow:
            article_id = await uow.articles.id_by_slug(slug)
            if article_id is None:
                raise NotFound("article", slug)
            comment = await uow.comments.by_id(comment_id)
            if comment is None or comment.article_id != article_id:
                raise NotFound("comment", comment_id)
            comment.delete(by=by, now=self._clock.now())
            await uow.comments.delete(comment.id)
            await uow.outbox.add(comment.pull_events())
            await uow.commit()
