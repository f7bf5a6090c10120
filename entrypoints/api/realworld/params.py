"""Path and query parameters of the RealWorld surface, declared straight on the routes.

Numbers beyond a signed 64-bit integer are refused here (422), so no database ever sees one; the
page rules themselves (limit 1-100, larger values capped; offset bounds) belong to ``PageRequest``.
"""

from __future__ import annotations

from typing import Annotated, Final

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field

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


# Query parameters come as one model per route (``Annotated[PageQuery, Query()]``): FastAPI 0.165
# validates it in one step, where separate parameters cost ~20 µs each per request.
class PageQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    limit: int = Field(
        PageRequest.DEFAULT_LIMIT,
        ge=1,
        le=INT64_MAX,
        description=f"How many articles to return (at most {PageRequest.MAX_LIMIT}; "
        "larger values are capped).",
    )
    offset: int = Field(0, ge=0, le=INT64_MAX, description="How many articles to skip first.")

    def page(self) -> PageRequest:
        return PageRequest.of(self.limit, self.offset)


class ArticleQuery(PageQuery):
    tag: Text | None = Field(None, description="Only articles with this tag.")
    author: Text | None = Field(None, description="Only articles by this user.")
    favorited: Text | None = Field(None, description="Only articles this user has favorited.")

    def filter(self) -> ArticleFilter:
        return ArticleFilter(tag=self.tag, author=self.author, favorited_by=self.favorited)
