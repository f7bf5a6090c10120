"""Comments: the write-side repository. The database gives each new comment its integer id."""

from __future__ import annotations

from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.persistence.sql.errors import missing_parent_as_not_found
from adapters.persistence.sql.tables import article_comment
from application.ports import CommentRepository
from domain.comments import Comment, CommentBody, NewComment
from domain.ids import CommentId

_c = article_comment.c
_INSERT = insert(article_comment).returning(_c.id)
_BY_ID = select(_c.article_id, _c.author_id, _c.body, _c.created_at, _c.updated_at).where(
    _c.id == bindparam("comment_id")
)
_DELETE = delete(article_comment).where(_c.id == bindparam("comment_id"))


class SqlCommentRepository(CommentRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, comment: NewComment) -> Comment:
        with missing_parent_as_not_found("article", comment.article_id):
            result = await self._connection.execute(
                _INSERT,
                {
                    "article_id": comment.article_id,
                    "author_id": comment.author_id,
                    "body": comment.body.value,
                    "created_at": comment.created_at,
                    "updated_at": comment.created_at,
                },
            )
        return Comment(
            id=CommentId(result.scalar_one()),
            article_id=comment.article_id,
            author_id=comment.author_id,
            body=comment.body,
            created_at=comment.created_at,
            updated_at=comment.created_at,
        )

    async def by_id(self, comment_id: CommentId) -> Comment | None:
        found = await self._connection.execute(_BY_ID, {"comment_id": comment_id})
        row = found.mappings().first()
        if row is None:
            return None
        return Comment(
            id=comment_id,
            article_id=row["article_id"],
            author_id=row["author_id"],
            body=CommentBody(row["body"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    async def delete(self, comment_id: CommentId) -> None:
        await self._connection.execute(_DELETE, {"comment_id": comment_id})
