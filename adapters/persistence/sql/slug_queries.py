"""The read model's statement for earlier slugs: which article has or had a slug."""

from __future__ import annotations

from typing import TypedDict

from sqlalchemy import bindparam, or_, select

from adapters.persistence.sql.queries import query
from adapters.persistence.sql.tables import article, article_slug

a = article.c


class SlugRow(TypedDict):
    slug: str


_earlier = article_slug.c
# The current slug of the article that has or had the slug: both lookups are key lookups. Two
# rows only after a race (one article took a slug while another was giving it up): the article
# whose current slug it is wins.
CURRENT_SLUG = query(
    SlugRow,
    select(a.slug)
    .where(
        or_(
            a.slug == bindparam("slug"),
            a.id
            == select(_earlier.article_id)
            .where(_earlier.slug == bindparam("slug"))
            .scalar_subquery(),
        )
    )
    .order_by(a.slug != bindparam("slug")),  # false first: the current holder
)
