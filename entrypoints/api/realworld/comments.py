"""Comments on an article."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from application.comments import Comments
from domain.ids import CommentId as CommentIdType
from entrypoints.api.auth import OPTIONAL_TOKEN_AUTH, TOKEN_AUTH, Viewer, optional_viewer, viewer
from entrypoints.api.realworld import encode
from entrypoints.api.realworld.encode import JsonBody
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.inputs import NewCommentRequest
from entrypoints.api.realworld.media import JSON_BODY
from entrypoints.api.realworld.outputs import MultipleComments, SingleComment
from entrypoints.api.realworld.params import CommentId, Slug
from entrypoints.api.realworld.paths import PREFIX
from entrypoints.api.state import use_cases

router = APIRouter(prefix=PREFIX, tags=["Comments"], strict_content_type=False)


def _comments(request: Request) -> Comments:
    return use_cases(request).comments


@router.get(
    "/articles/{slug}/comments",
    response_model=MultipleComments,
    status_code=status.HTTP_200_OK,
    response_description="The article's comments, oldest first",
    summary="Get comments for an article",
    description="The article's comments, oldest first. Auth is optional.",
    operation_id="GetArticleComments",
    openapi_extra=OPTIONAL_TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def list_comments(request: Request, slug: Slug) -> JsonBody:
    found = await _comments(request).of_article(slug, optional_viewer(request))
    return JsonBody(encode.multiple_comments(found))


@router.post(
    "/articles/{slug}/comments",
    response_model=SingleComment,
    status_code=status.HTTP_200_OK,
    response_description="The new comment",
    summary="Create a comment for an article",
    description="Add a comment to the article as the signed-in user.",
    operation_id="CreateArticleComment",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 404, 413, 415, 422),
    dependencies=[JSON_BODY],
)
async def add_comment(
    request: Request, slug: Slug, payload: NewCommentRequest, caller: Viewer
) -> JsonBody:
    found = await _comments(request).add(slug, caller, payload.comment.body)
    return JsonBody(encode.single_comment(found))


@router.delete(
    "/articles/{slug}/comments/{id}",
    response_model=None,
    response_class=Response,
    status_code=status.HTTP_204_NO_CONTENT,
    response_description="The comment is gone",
    summary="Delete a comment for an article",
    description="Delete one of your own comments.",
    operation_id="DeleteArticleComment",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 403, 404, 422),
)
async def delete_comment(request: Request, slug: Slug, comment_id: CommentId) -> None:
    await _comments(request).delete(slug, CommentIdType(comment_id), viewer(request))
