"""Articles (with their ordered tags) and favorites: the write-side repositories."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Uuid, bindparam, delete, exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.persistence.sql.errors import (
    missing_parent_as_not_found,
    unique_violations_as_domain_errors,
)
from adapters.persistence.sql.statements import insert_ignoring_conflicts
from adapters.persistence.sql.tables import article, article_favorite, article_slug, article_tag
from application.ports import ArticleRepository, FavoriteRepository
from domain.articles import Article, Body, Description, Slug, Tags, Title, tag_key
from domain.ids import ArticleId, UserId

_a = article.c
_t = article_tag.c
_BY_SLUG = select(
    _a.id,
    _a.author_id,
    _a.slug,
    _a.title,
    _a.description,
    _a.body,
    _a.created_at,
    _a.updated_at,
).where(_a.slug == bindparam("slug"))
_ID_BY_SLUG = select(_a.id).where(_a.slug == bindparam("slug"))
_TAGS_OF = select(_t.tag).where(_t.article_id == bindparam("article_id")).order_by(_t.position)
_s = article_slug.c
_SLUG_TAKEN = select(
    exists().where(_a.slug == bindparam("slug"))
    | exists().where(
        _s.slug == bindparam("slug"),
        _s.article_id.is_distinct_from(bindparam("for_article", type_=Uuid)),
    )
)
_KEEP_EARLIER_SLUG = insert_ignoring_conflicts(article_slug)
_RECLAIM_EARLIER_SLUG = delete(article_slug).where(
    _s.slug == bindparam("slug"), _s.article_id == bindparam("article_id")
)
_SLUG_OF = select(_a.slug).where(_a.id == bindparam("article_id"))
_INSERT = insert(article)
_UPDATE = (
    update(article)
    .where(_a.id == bindparam("article_id"))
    .values(
        slug=bindparam("slug"),
        title=bindparam("title"),
        description=bindparam("description"),
        body=bindparam("body"),
        updated_at=bindparam("updated_at"),
    )
)
_DELETE = delete(article).where(_a.id == bindparam("article_id"))
_INSERT_TAGS = insert(article_tag)
_DELETE_TAGS = delete(article_tag).where(_t.article_id == bindparam("article_id"))

_fav = article_favorite.c
_FAVORITE = insert_ignoring_conflicts(article_favorite)
_UNFAVORITE = delete(article_favorite).where(
    _fav.user_id == bindparam("user_id"), _fav.article_id == bindparam("article_id")
)


def _values(entity: Article) -> dict[str, Any]:
    return {
        "slug": entity.slug.value,
        "title": entity.title.value,
        "description": entity.description.value,
        "body": entity.body.value,
        "updated_at": entity.updated_at,
    }


class SqlArticleRepository(ArticleRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, entity: Article) -> None:
        with (
            unique_violations_as_domain_errors(),
            missing_parent_as_not_found("user", entity.author_id),
        ):
            await self._connection.execute(
                _INSERT,
                {
                    "id": entity.id,
                    "author_id": entity.author_id,
                    "created_at": entity.created_at,
                    **_values(entity),
                },
            )
        await self._insert_tags(entity)

    async def save(self, entity: Article) -> None:
        found = await self._connection.execute(_SLUG_OF, {"article_id": entity.id})
        old_slug = found.scalar_one_or_none()
        with unique_violations_as_domain_errors():
            await self._connection.execute(_UPDATE, {"article_id": entity.id, **_values(entity)})
        if old_slug is not None and old_slug != entity.slug.value:
            await self._keep_earlier_slug(entity.id, old_slug, entity.slug.value)
        # Tags are few (at most ten): rewriting them keeps their order without diffing.
        await self._connection.execute(_DELETE_TAGS, {"article_id": entity.id})
        await self._insert_tags(entity)

    async def by_slug(self, slug: str) -> Article | None:
        row = (await self._connection.execute(_BY_SLUG, {"slug": slug})).mappings().first()
        if row is None:
            return None
        tags = (await self._connection.execute(_TAGS_OF, {"article_id": row["id"]})).scalars()
        return Article(
            id=row["id"],
            author_id=row["author_id"],
            slug=Slug(row["slug"]),
            title=Title(row["title"]),
            description=Description(row["description"]),
            body=Body(row["body"]),
            tags=Tags(tuple(tags)),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    async def id_by_slug(self, slug: str) -> ArticleId | None:
        found: ArticleId | None = (
            await self._connection.execute(_ID_BY_SLUG, {"slug": slug})
        ).scalar_one_or_none()
        return found

    async def slug_taken(self, slug: str, for_article: ArticleId | None = None) -> bool:
        params = {"slug": slug, "for_article": for_article}
        return bool((await self._connection.execute(_SLUG_TAKEN, params)).scalar_one())

    async def delete(self, article_id: ArticleId) -> None:
        # Tags, favorites and comments go with it (ON DELETE CASCADE).
        await self._connection.execute(_DELETE, {"article_id": article_id})

    async def _keep_earlier_slug(self, article_id: ArticleId, old: str, new: str) -> None:
        dialect = self._connection.dialect.name
        # An earlier slug some other article kept first stays that article's.
        await self._connection.execute(
            _KEEP_EARLIER_SLUG[dialect], {"slug": old, "article_id": article_id}
        )
        await self._connection.execute(
            _RECLAIM_EARLIER_SLUG, {"slug": new, "article_id": article_id}
        )

    async def _insert_tags(self, entity: Article) -> None:
        if entity.tags.values:
            await self._connection.execute(
                _INSERT_TAGS,
                [
                    {
                        "article_id": entity.id,
                        "position": position,
                        "tag": tag,
                        "tag_key": tag_key(tag),
                    }
                    for position, tag in enumerate(entity.tags.values)
                ],
            )


class SqlFavoriteRepository(FavoriteRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._favorite = _FAVORITE[connection.dialect.name]

    async def add(self, user_id: UserId, article_id: ArticleId) -> bool:
        with missing_parent_as_not_found("article", article_id):
            result = await self._connection.execute(
                self._favorite, {"user_id": user_id, "article_id": article_id}
            )
        return result.rowcount == 1

    async def remove(self, user_id: UserId, article_id: ArticleId) -> bool:
        result = await self._connection.execute(
            _UNFAVORITE, {"user_id": user_id, "article_id": article_id}
        )
        return result.rowcount == 1
