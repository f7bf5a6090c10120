"""Comments on an article."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from domain.ids import CommentId as CommentIdType
from entrypoints.api.auth import OptionalViewer, Viewer
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.inputs import NewCommentRequest
from entrypoints.api.realworld.outputs import MultipleComments, SingleComment
from entrypoints.api.realworld.params import CommentId, Slug
from entrypoints.api.state import CommentsDep

router = APIRouter(tags=["Comments"])


@router.get(
    "/articles/{slug}/comments",
    response_model=MultipleComments,
    status_code=status.HTTP_200_OK,
    summary="Get comments for an article",
    description="The article's comments, oldest first. Auth is optional.",
    operation_id="GetArticleComments",
    responses=error_responses(401, 404, 422),
)
async def list_comments(
    slug: Slug, viewer: OptionalViewer, comments: CommentsDep
) -> MultipleComments:
    return MultipleComments.of(await comments.of_article(slug, viewer))


@router.post(
    "/articles/{slug}/comments",
    response_model=SingleComment,
    status_code=status.HTTP_200_OK,
    summary="Create a comment for an article",
    description="Add a comment to the article as the signed-in user.",
    operation_id="CreateArticleComment",
    responses=error_responses(401, 404, 413, 422),
)
async def add_comment(
    slug: Slug, payload: NewCommentRequest, viewer: Viewer, comments: CommentsDep
) -> SingleComment:
    return SingleComment.of(await comments.add(slug, viewer, payload.comment.body))


@router.delete(
    "/articles/{slug}/comments/{id}",
    response_model=None,
    response_class=Response,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a comment for an article",
    description="Delete one of your own comments.",
    operation_id="DeleteArticleComment",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_comment(
    slug: Slug, comment_id: CommentId, viewer: Viewer, comments: CommentsDep
) -> None:
    await comments.delete(slug, CommentIdType(comment_id), viewer)
