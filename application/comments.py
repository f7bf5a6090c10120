"""Comments: add to an article, list an article's, delete one's own."""

from __future__ import annotations

from application.ports import Clock, ReadModel, UnitOfWorkFactory
from application.views import CommentView
from domain.comments import CommentBody, NewComment
from domain.errors import NotFound, require_valid
from domain.events import CommentAdded, CommentDeleted
from domain.ids import CommentId, UserId


class Comments:
    def __init__(self, *, uow: UnitOfWorkFactory, reads: ReadModel, clock: Clock) -> None:
        self._uow, self._reads, self._clock = uow, reads, clock

    async def add(self, slug: str, by: UserId, body: str) -> CommentView:
        require_valid(body=CommentBody.problems(body))
        async with self._uow() as uow:
            article_id = await uow.articles.id_by_slug(slug)
            if article_id is None:
                raise NotFound("article", slug)
            now = self._clock.now()
            comment = await uow.comments.add(
                NewComment(
                    article_id=article_id, author_id=by, body=CommentBody(body), created_at=now
                )
            )
            event = CommentAdded(
                occurred_at=now, comment_id=comment.id, article_id=article_id, author_id=by
            )
            await uow.outbox.add([event])
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

    async def delete(self, slug: str, comment_id: CommentId, by: UserId) -> None:
        async with self._uow() as uow:
            article_id = await uow.articles.id_by_slug(slug)
            if article_id is None:
                raise NotFound("article", slug)
            comment = await uow.comments.by_id(comment_id)
            if comment is None or comment.article_id != article_id:
                raise NotFound("comment", comment_id)
            comment.ensure_deletable_by(by)
            await uow.comments.delete(comment.id)
            event = CommentDeleted(
                occurred_at=self._clock.now(), comment_id=comment.id, article_id=article_id
            )
            await uow.outbox.add([event])
            await uow.commit()
