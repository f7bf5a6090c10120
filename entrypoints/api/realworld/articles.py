"""Articles: lists, the feed, one article, writing, deleting and favorites; the tag list."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from entrypoints.api.auth import OptionalViewer, Viewer
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.inputs import NewArticleRequest, UpdateArticleRequest
from entrypoints.api.realworld.outputs import MultipleArticles, SingleArticle, Tags
from entrypoints.api.realworld.params import Filter, Page, Slug
from entrypoints.api.state import ArticlesDep

router = APIRouter(tags=["Articles"])


# Declared before /articles/{slug} so that "feed" is never taken for a slug.
@router.get(
    "/articles/feed",
    response_model=MultipleArticles,
    status_code=status.HTTP_200_OK,
    summary="Get recent articles from users you follow",
    description="Newest first, without bodies; `articlesCount` counts the whole feed.",
    operation_id="GetArticlesFeed",
    responses=error_responses(401, 422),
)
async def feed(page: Page, viewer: Viewer, articles: ArticlesDep) -> MultipleArticles:
    return MultipleArticles.of(await articles.feed(viewer, page))


@router.get(
    "/articles",
    response_model=MultipleArticles,
    status_code=status.HTTP_200_OK,
    summary="Get recent articles globally",
    description="Newest first, without bodies, optionally filtered by tag, author or the user "
    "who favorited them; `articlesCount` counts every match, not just this page. Auth is "
    "optional.",
    operation_id="GetArticles",
    responses=error_responses(401, 422),
)
async def list_articles(
    filter: Filter, page: Page, viewer: OptionalViewer, articles: ArticlesDep
) -> MultipleArticles:
    return MultipleArticles.of(await articles.search(filter, page, viewer))


@router.post(
    "/articles",
    response_model=SingleArticle,
    status_code=status.HTTP_201_CREATED,
    summary="Create an article",
    description="Publish an article as the signed-in user; its slug comes from the title.",
    operation_id="CreateArticle",
    responses=error_responses(401, 413, 422),
)
async def create_article(
    payload: NewArticleRequest, viewer: Viewer, articles: ArticlesDep
) -> SingleArticle:
    return SingleArticle.of(await articles.create(viewer, payload.to_command()))


@router.get(
    "/articles/{slug}",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    summary="Get an article",
    description="One article with its body. Auth is optional.",
    operation_id="GetArticle",
    responses=error_responses(401, 404, 422),
)
async def get_article(slug: Slug, viewer: OptionalViewer, articles: ArticlesDep) -> SingleArticle:
    return SingleArticle.of(await articles.get(slug, viewer))


@router.put(
    "/articles/{slug}",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    summary="Update an article",
    description="Change the title, description, body or tags of your own article; a new "
    "title gives it a new slug.",
    operation_id="UpdateArticle",
    responses=error_responses(401, 403, 404, 413, 422),
)
async def update_article(
    slug: Slug, payload: UpdateArticleRequest, viewer: Viewer, articles: ArticlesDep
) -> SingleArticle:
    return SingleArticle.of(await articles.update(slug, viewer, payload.to_changes()))


@router.delete(
    "/articles/{slug}",
    response_model=None,
    response_class=Response,
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an article",
    description="Delete your own article with its comments and favorites.",
    operation_id="DeleteArticle",
    responses=error_responses(401, 403, 404, 422),
)
async def delete_article(slug: Slug, viewer: Viewer, articles: ArticlesDep) -> None:
    await articles.delete(slug, viewer)


@router.post(
    "/articles/{slug}/favorite",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    summary="Favorite an article",
    description="Mark the article as a favorite of the signed-in user (twice changes nothing).",
    operation_id="CreateArticleFavorite",
    tags=["Favorites"],
    responses=error_responses(401, 404, 422),
)
async def favorite(slug: Slug, viewer: Viewer, articles: ArticlesDep) -> SingleArticle:
    return SingleArticle.of(await articles.favorite(slug, viewer))


@router.delete(
    "/articles/{slug}/favorite",
    response_model=SingleArticle,
    status_code=status.HTTP_200_OK,
    summary="Unfavorite an article",
    description="Remove the article from the signed-in user's favorites (twice changes nothing).",
    operation_id="DeleteArticleFavorite",
    tags=["Favorites"],
    responses=error_responses(401, 404, 422),
)
async def unfavorite(slug: Slug, viewer: Viewer, articles: ArticlesDep) -> SingleArticle:
    return SingleArticle.of(await articles.unfavorite(slug, viewer))


tags_router = APIRouter(tags=["Tags"])


@tags_router.get(
    "/tags",
    response_model=Tags,
    status_code=status.HTTP_200_OK,
    summary="Get tags",
    description="Every tag in use, most used first.",
    operation_id="GetTags",
    responses=error_responses(422),
)
async def list_tags(articles: ArticlesDep) -> Tags:
    return Tags.of(await articles.tags())
