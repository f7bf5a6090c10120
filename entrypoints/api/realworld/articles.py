"""Articles: lists, the feed, one article, writing, deleting and favorites; the tag list."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from application.articles import Articles
from entrypoints.api.auth import OPTIONAL_TOKEN_AUTH, TOKEN_AUTH, Viewer, optional_viewer, viewer
from entrypoints.api.realworld import encode
from entrypoints.api.realworld.encode import JsonBody
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.inputs import NewArticleRequest, UpdateArticleRequest
from entrypoints.api.realworld.media import JSON_BODY
from entrypoints.api.realworld.outputs import MultipleArticles, SingleArticle, Tags
from entrypoints.api.realworld.params import (
    ArticleQuery,
    PageQuery,
    Slug,
    from_query,
    query_parameters,
)
from entrypoints.api.realworld.paths import PREFIX, article_path
from entrypoints.api.state import use_cases

router = APIRouter(prefix=PREFIX, tags=["Articles"], strict_content_type=False)


def _articles(request: Request) -> Articles:
    return use_cases(request).articles


# Declared before /articles/{slug} so that "feed" is never taken for a slug.
@router.get(
    "/articles/feed",
    response_model=MultipleArticles,
    status_code=status.HTTP_200_OK,
    response_description="A page of the feed, newest first, and how many articles it has in all",
    summary="Get recent articles from users you follow",
    description="Newest first, without bodies; `articlesCount` counts the whole feed.",
    operation_id="GetArticlesFeed",
    openapi_extra={**TOKEN_AUTH, "parameters": query_parameters(PageQuery)},
    responses=error_responses(401, 422),
)
async def feed(request: Request) -> JsonBody:
    query = from_query(request, PageQuery)
    found = await _articles(request).feed(viewer(request), query.page())
    return JsonBody(encode.multiple_articles(found))


@router.get(
    "/articles",
    response_model=MultipleArticles,
    status_code=status.HTTP_200_OK,
    response_description="A page of the matching articles, newest first, and how many match in all",
    summary="Get recent articles globally",
    description="Newest first, without bodies, optionally filtered by tag, author or the user "
    "who favorited them; `articlesCount` counts every match, not just this page. Auth is "
    "optional.",
    operation_id="GetArticles",
    openapi_extra={**OPTIONAL_TOKEN_AUTH, "parameters": query_parameters(ArticleQuery)},
    responses=error_responses(401, 422),
)
async def list_articles(request: Request) -> JsonBody:
    query = from_query(request, ArticleQuery)
    found = await _articles(request).search(query.filter(), query.page(), optional_viewer(request))
    return JsonBody(encode.multiple_articles(found))


@router.post(
    "/articles",
    response_model=SingleArticle,
    status_code=status.HTTP_201_CREATED,
    response_description="The new article; `Location` is its path",
    summary="Create an article",
    description="Publish an article as the signed-in user; its slug comes from the title.",
    operation_id="CreateArticle",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 413, 415, 422),
    dependencies=[JSON_BODY],
)
async def create_article(request: Request, payload: NewArticleRequest, caller: Viewer) -> JsonBody:
    found = await _articles(request).create(caller, payload.to_command())
    headers = {"Location": article_path(found.slug)}
    return JsonBody(encode.single_article(found), status.HTTP_201_CREATED, headers)


@router.get(
    "/articles/{slug}",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    response_description="The article",
    summary="Get an article",
    description="One article with its body. Auth is optional.",
    operation_id="GetArticle",
    openapi_extra=OPTIONAL_TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def get_article(request: Request, slug: Slug) -> JsonBody:
    found = await _articles(request).get(slug, optional_viewer(request))
    return JsonBody(encode.single_article(found))


@router.put(
    "/articles/{slug}",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    response_description="The article as it now is",
    summary="Update an article",
    description="Change the title, description, body or tags of your own article; a new "
    "title gives it a new slug.",
    operation_id="UpdateArticle",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 403, 404, 413, 415, 422),
    dependencies=[JSON_BODY],
)
async def update_article(
    request: Request, slug: Slug, payload: UpdateArticleRequest, caller: Viewer
) -> JsonBody:
    view = await _articles(request).update(slug, caller, payload.to_changes())
    return JsonBody(encode.single_article(view))


@router.delete(
    "/articles/{slug}",
    response_model=None,
    response_class=Response,
    status_code=status.HTTP_204_NO_CONTENT,
    response_description="The article, its comments and its favorites are gone",
    summary="Delete an article",
    description="Delete your own article with its comments and favorites.",
    operation_id="DeleteArticle",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 403, 404, 422),
)
async def delete_article(request: Request, slug: Slug) -> None:
    await _articles(request).delete(slug, viewer(request))


@router.post(
    "/articles/{slug}/favorite",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    response_description="The article, now one of the caller's favorites",
    summary="Favorite an article",
    description="Mark the article as a favorite of the signed-in user (twice changes nothing).",
    operation_id="CreateArticleFavorite",
    tags=["Favorites"],
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def favorite(request: Request, slug: Slug) -> JsonBody:
    found = await _articles(request).favorite(slug, viewer(request))
    return JsonBody(encode.single_article(found))


@router.delete(
    "/articles/{slug}/favorite",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    response_description="The article, no longer one of the caller's favorites",
    summary="Unfavorite an article",
    description="Remove the article from the signed-in user's favorites (twice changes nothing).",
    operation_id="DeleteArticleFavorite",
    tags=["Favorites"],
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def unfavorite(request: Request, slug: Slug) -> JsonBody:
    found = await _articles(request).unfavorite(slug, viewer(request))
    return JsonBody(encode.single_article(found))


tags_router = APIRouter(prefix=PREFIX, tags=["Tags"])


@tags_router.get(
    "/tags",
    response_model=Tags,
    status_code=status.HTTP_200_OK,
    response_description="Every tag in use, most used first",
    summary="Get tags",
    description="Every tag in use, most used first.",
    operation_id="GetTags",
    responses=error_responses(),
)
async def list_tags(request: Request) -> JsonBody:
    found = await _articles(request).tags()
    return JsonBody(encode.tags(found))
