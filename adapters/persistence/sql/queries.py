"""The read model's statements, one set per dialect and shape, each built once and reused.

Column positions are fixed (rows are read by index, see ``reads.py``): every article statement
has the columns at the positions below; the viewer's ``following``/``favorited`` are EXISTS probes
on the follows and favorites primary keys, the favorites count a correlated COUNT on the
favorites' article index. On PostgreSQL the ordered tags come in the same row
(``ARRAY(SELECT …)``); SQLite has no arrays, so its tags come from one more statement per call
(``TAGS_OF``). Statements for an anonymous viewer leave the probes out (constant ``false``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    FromClause,
    Select,
    bindparam,
    exists,
    false,
    func,
    select,
)

from adapters.persistence.sql.engine import POSTGRESQL
from adapters.persistence.sql.tables import (
    article,
    article_comment,
    article_favorite,
    article_tag,
    user_account,
    user_follow,
)

a, u, t, c = article.c, user_account.c, article_tag.c, article_comment.c

# Positions in an article row.
ID, SLUG, TITLE, DESCRIPTION, CREATED_AT, UPDATED_AT = 0, 1, 2, 3, 4, 5
USERNAME, BIO, IMAGE, FOLLOWING, FAVORITED, FAVORITES_COUNT = 6, 7, 8, 9, 10, 11
EXTRA = 12  # the page's total, or the single article's body
TAGS = 13  # PostgreSQL only


@dataclass(frozen=True, slots=True)
class Shape:
    """Which parts a list statement needs: the filters given, and whether there is a viewer."""

    tag: bool = False
    author: bool = False
    favorited_by: bool = False
    feed: bool = False
    viewer: bool = False


def _following(followee_id: ColumnElement[Any], viewer: bool) -> ColumnElement[bool]:
    if not viewer:
        return false()
    f = user_follow.alias("viewer_follow").c
    return exists().where(f.follower_id == bindparam("viewer"), f.followee_id == followee_id)


def _favorited(viewer: bool) -> ColumnElement[bool]:
    if not viewer:
        return false()
    fav = article_favorite.alias("viewer_favorite").c
    return exists().where(fav.user_id == bindparam("viewer"), fav.article_id == a.id)


def _tags_array() -> ColumnElement[Any]:
    tag = article_tag.alias("tag_list").c
    ordered = select(tag.tag).where(tag.article_id == a.id).order_by(tag.position)
    return func.array(ordered.scalar_subquery())


def _summary(
    dialect: str, viewer: bool, extra: ColumnElement[Any], articles: FromClause = article
) -> Select[Any]:
    fav = article_favorite.alias("favorite_count").c
    favorites_count = (
        select(func.count()).where(fav.article_id == a.id).correlate(article).scalar_subquery()
    )
    columns: list[ColumnElement[Any]] = [
        a.id,
        a.slug,
        a.title,
        a.description,
        a.created_at,
        a.updated_at,
        u.username,
        u.bio,
        u.image,
        _following(a.author_id, viewer),
        _favorited(viewer),
        favorites_count,
        extra,
    ]
    if dialect == POSTGRESQL:
        columns.append(_tags_array())
    return select(*columns).select_from(articles.join(user_account, u.id == a.author_id))


def _user_id_named(parameter: str) -> Any:
    named = user_account.alias(f"{parameter}_user").c
    return (
        select(named.id)
        .where(func.lower(named.username) == func.lower(bindparam(parameter)))
        .correlate(None)
        .scalar_subquery()
    )


def _filters(shape: Shape) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if shape.tag:
        tagged = article_tag.alias("tag_filter").c
        where.append(
            a.id.in_(
                select(tagged.article_id).where(tagged.tag == bindparam("tag")).correlate(None)
            )
        )
    if shape.author:
        where.append(a.author_id == _user_id_named("author"))
    if shape.favorited_by:
        fav = article_favorite.alias("favorite_filter").c
        fan_id = _user_id_named("favorited_by")
        where.append(a.id.in_(select(fav.article_id).where(fav.user_id == fan_id).correlate(None)))
    if shape.feed:
        f = user_follow.alias("feed_follow").c
        followed = select(f.followee_id).where(f.follower_id == bindparam("viewer"))
        where.append(a.author_id.in_(followed.correlate(None)))
    return where


@cache
def article_page(dialect: str, shape: Shape) -> Select[Any]:
    """One page of summaries, newest first, each row carrying the total count of matches.

    The inner query finds the page's ids from the article table and its indexes alone (a top-N
    walk of the created_at index); only the page's rows are then joined to their authors and
    given their flags, favorites count and tags. The total is an uncorrelated scalar subquery,
    which both databases evaluate once per statement (PostgreSQL as an InitPlan) — unlike
    ``count(*) OVER ()``, it does not make the page query visit and sort every match.
    """
    newest_first = (a.created_at.desc(), a.id.desc())
    page = (
        select(a.id)
        .where(*_filters(shape))
        .order_by(*newest_first)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("page")
    )
    total = article_count(shape).correlate(None).scalar_subquery()
    return _summary(dialect, shape.viewer, total, article.join(page, page.c.id == a.id)).order_by(
        *newest_first
    )


@cache
def article_count(shape: Shape) -> Select[Any]:
    """The number of matches, for a page past the end (which has no row to carry it)."""
    return select(func.count()).select_from(article).where(*_filters(shape))


@cache
def article_by_slug(dialect: str, viewer: bool) -> Select[Any]:
    return _summary(dialect, viewer, a.body).where(a.slug == bindparam("slug"))


TAGS_OF = (
    select(t.article_id, t.tag)
    .where(t.article_id.in_(bindparam("article_ids", expanding=True)))
    .order_by(t.article_id, t.position)
)

# Profile rows: username, bio, image, following.
PROFILE = {
    viewer: select(u.username, u.bio, u.image, _following(u.id, viewer)).where(
        func.lower(u.username) == func.lower(bindparam("username"))
    )
    for viewer in (False, True)
}

# Comment rows: id, body, created_at, updated_at, username, bio, image, following; an article
# without comments gives one row of NULLs, an unknown article none.
_COMMENT_COLUMNS = (c.id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image)
COMMENTS_OF_ARTICLE = {
    viewer: select(*_COMMENT_COLUMNS, _following(c.author_id, viewer))
    .select_from(
        article.outerjoin(article_comment, c.article_id == a.id).outerjoin(
            user_account, u.id == c.author_id
        )
    )
    .where(a.slug == bindparam("slug"))
    .order_by(c.created_at, c.id)
    for viewer in (False, True)
}
COMMENT = {
    viewer: select(*_COMMENT_COLUMNS, _following(c.author_id, viewer))
    .select_from(article_comment.join(user_account, u.id == c.author_id))
    .where(c.id == bindparam("comment_id"))
    for viewer in (False, True)
}


@cache
def tags_in_use(dialect: str) -> Select[Any]:
    """Most used first, then in code point order (PostgreSQL's "C" collation, SQLite's BINARY),
    the same order whatever the database's locale."""
    alphabetical = t.tag.collate("C") if dialect == POSTGRESQL else t.tag
    uses = func.count()
    return select(t.tag).group_by(t.tag).order_by(uses.desc(), alphabetical)
