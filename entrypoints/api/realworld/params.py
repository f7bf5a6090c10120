"""Path and query parameters of the RealWorld surface, declared straight on the routes.

Numbers beyond a signed 64-bit integer are refused here (422), so no database ever sees one; the
page rules themselves (limit at least 1, larger than 100 counts as 100; offset bounds) belong to
``PageRequest``, and reach the document through ``rules.py``.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, TypeVar

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request

from application.ports import ArticleFilter
from domain.paging import PageRequest
from entrypoints.api.realworld import rules
from entrypoints.api.realworld.inputs import Text
from entrypoints.api.realworld.problems import query_problems

INT64_MAX: Final = 2**63 - 1

Slug = Annotated[
    Text, Path(description="The article's slug", examples=["how-to-train-your-dragon"])
]
Username = Annotated[Text, Path(description="The user's name", examples=["jake"])]
CommentId = Annotated[
    int, Path(alias="id", description="The comment's id", examples=[1], ge=1, le=INT64_MAX)
]


# A route's query parameters are one model, validated by ``from_query`` in one pydantic-core call
# and documented by ``query_parameters``. FastAPI's own query handling re-derives every field's
# annotation on every request, a cost per parameter (``bench/README.md``).
class PageQuery(BaseModel):
    model_config = ConfigDict(frozen=True)

    # The core checks the page rules (reported with every other problem of the request); the edge
    # only keeps numbers within 64 bits, and the document states the core's bounds.
    limit: int = Field(
        PageRequest.DEFAULT_LIMIT,
        le=INT64_MAX,
        description=rules.LIMIT_DESCRIPTION,
        json_schema_extra={"minimum": 1},
    )
    offset: int = Field(
        0,
        le=INT64_MAX,
        description="How many articles to skip first.",
        json_schema_extra={"minimum": 0, "maximum": rules.OFFSET_MAXIMUM},
    )

    def check(self) -> None:
        self.page()

    def page(self) -> PageRequest:
        return PageRequest.of(self.limit, self.offset)


class ArticleQuery(PageQuery):
    tag: Text | None = Field(None, description="Only articles with this tag.")
    author: Text | None = Field(None, description="Only articles by this user.")
    favorited: Text | None = Field(None, description="Only articles this user has favorited.")

    def filter(self) -> ArticleFilter:
        return ArticleFilter(tag=self.tag, author=self.author, favorited_by=self.favorited)


Q = TypeVar("Q", bound=BaseModel)


def from_query(request: Request, model: type[Q]) -> Q:
    """The request's query string as ``model`` (a repeated name counts once, its last value, as
    FastAPI would have it); a value of the wrong type is a ``RequestProblems`` that also names
    what the core finds wrong with the other parameters."""
    query = dict(request.query_params)
    try:
        return model.model_validate(query)
    except ValidationError as error:
        raise query_problems(model, query, error) from None


def query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The OpenAPI ``parameters`` of ``model``'s fields, for a route's ``openapi_extra``."""
    schema = model.model_json_schema()
    required = set(schema.get("required", ()))
    parameters = []
    for name, field in schema["properties"].items():
        described = {key: value for key, value in field.items() if key != "description"}
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": name in required,
                "description": field.get("description", ""),
                "schema": described,
            }
        )
    return parameters
