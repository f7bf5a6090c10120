"""Path and query parameters of the RealWorld surface.

Numbers beyond a signed 64-bit integer are refused here (422), so no database ever sees one; the
page rules themselves (limit 1-100, larger values capped; offset bounds) belong to ``PageRequest``.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Depends, Path, Query

from application.ports import ArticleFilter
from domain.paging import PageRequest
from entrypoints.api.realworld.inputs import Text

INT64_MAX: Final = 2**63 - 1

Slug = Annotated[
    Text, Path(description="The article's slug", examples=["how-to-train-your-dragon"])
]
Username = Annotated[Text, Path(description="The user's name", examples=["jake"])]
CommentId = Annotated[
    int, Path(alias="id", description="The comment's id", examples=[1], ge=1, le=INT64_MAX)
]


async def page_request(
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=INT64_MAX,
            description=f"How many articles to return (at most {PageRequest.MAX_LIMIT}; "
            "larger values are capped).",
        ),
    ] = PageRequest.DEFAULT_LIMIT,
    offset: Annotated[
        int, Query(ge=0, le=INT64_MAX, description="How many articles to skip first.")
    ] = 0,
) -> PageRequest:
    return PageRequest.of(limit, offset)


async def article_filter(
    tag: Annotated[Text | None, Query(description="Only articles with this tag.")] = None,
    author: Annotated[Text | None, Query(description="Only articles by this user.")] = None,
    favorited: Annotated[
        Text | None, Query(description="Only articles this user has favorited.")
    ] = None,
) -> ArticleFilter:
    return ArticleFilter(tag=tag, author=author, favorited_by=favorited)


Page = Annotated[PageRequest, Depends(page_request)]
Filter = Annotated[ArticleFilter, Depends(article_filter)]
