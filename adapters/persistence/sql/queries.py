"""The read model's statements, one set per dialect and shape, each built once and reused.

Every statement is a ``Query[Row]``: its columns are labelled with exactly the keys of ``Row``
(a ``TypedDict``, checked when the query is built), and ``reads.py`` reads each row by those
labels, so mypy checks every key it reads and the type it gets. The viewer's
``following``/``favorited`` are EXISTS probes on the follows and favorites primary keys, the
favorites count a correlated COUNT on the favorites' article index. On PostgreSQL the ordered
tags come in the same row (``ARRAY(SELECT …)``); SQLite has no arrays, so its tags come from one
more statement per call (``TAGS_OF``). Statements for an anonymous viewer leave the probes out
(constant ``false``). A tag filter compares the stored ``tag_key``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, Generic, TypedDict, TypeVar

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

from adapters.persistence.sql.engine import POSTGRESQL, SQLITE
from adapters.persistence.sql.tables import (
    article,
    article_comment,
    article_favorite,
    article_tag,
    user_account,
    user_follow,
)
from domain.ids import ArticleId, CommentId

a, u, t, c = article.c, user_account.c, article_tag.c, article_comment.c

R = TypeVar("R")


@dataclass(frozen=True, slots=True, eq=False)
class Query(Generic[R]):
    """A statement whose rows read as ``R``: its column labels are ``R``'s keys."""

    statement: Select[Any]


def query(row: type[R], statement: Select[Any]) -> Query[R]:
    """``statement`` as a ``Query[row]``, once its labels are checked against ``row``'s keys."""
    labels = list(statement.selected_columns.keys())
    keys = [*getattr(row, "__required_keys__", ()), *getattr(row, "__optional_keys__", ())]
    if sorted(labels) != sorted(keys):
        raise TypeError(f"{row.__name__}: the statement's columns {labels} are not its keys {keys}")
    return Query(statement)


class ProfileRow(TypedDict):
    username: str
    bio: str | None
    image: str | None
    following: bool


class SummaryRow(ProfileRow):
    """An article as lists show it, and its author with the viewer's ``following``."""

    id: ArticleId
    slug: str
    title: str
    description: str
    created_at: datetime
    updated_at: datetime
    favorited: bool
    favorites_count: int


class PageRow(SummaryRow):
    total: int  # every match of the list, not only the page's


class TaggedPageRow(PageRow):
    tags: list[str]


class ArticleRow(SummaryRow):
    body: str


class TaggedArticleRow(ArticleRow):
    tags: list[str]


class CountRow(TypedDict):
    total: int


class TagOfRow(TypedDict):
    article_id: ArticleId
    tag: str


class TagUsesRow(TypedDict):
    tag: str
    uses: int


class CommentRow(ProfileRow):
    """A comment and its author; an article without comments gives one row of NULLs."""

    comment_id: CommentId | None
    body: str
    created_at: datetime
    updated_at: datetime


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
        return false().label("following")
    f = user_follow.alias("viewer_follow").c
    probe = exists().where(f.follower_id == bindparam("viewer"), f.followee_id == followee_id)
    return probe.label("following")


def _favorited(viewer: bool) -> ColumnElement[bool]:
    if not viewer:
        return false().label("favorited")
    fav = article_favorite.alias("viewer_favorite").c
    probe = exists().where(fav.user_id == bindparam("viewer"), fav.article_id == a.id)
    return probe.label("favorited")


def _tags_array() -> ColumnElement[Any]:
    tag = article_tag.alias("tag_list").c
    ordered = select(tag.tag).where(tag.article_id == a.id).order_by(tag.position)
    return func.array(ordered.scalar_subquery()).label("tags")


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
        favorites_count.label("favorites_count"),
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
    if shape.tag:  # the parameter is the tag's key (domain.articles.tag_key)
        tagged = article_tag.alias("tag_filter").c
        where.append(
            a.id.in_(
                select(tagged.article_id)
                .where(tagged.tag_key == bindparam("tag_key"))
                .correlate(None)
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


def _page(dialect: str, shape: Shape) -> Select[Any]:
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
    total = _count(shape).correlate(None).scalar_subquery().label("total")
    joined = article.join(page, page.c.id == a.id)
    return _summary(dialect, shape.viewer, total, joined).order_by(*newest_first)


def _count(shape: Shape) -> Select[Any]:
    return select(func.count().label("total")).select_from(article).where(*_filters(shape))


@cache
def article_page(shape: Shape) -> Query[PageRow]:
    """A page on SQLite, whose tags come from ``TAGS_OF``."""
    return query(PageRow, _page(SQLITE, shape))


@cache
def tagged_article_page(shape: Shape) -> Query[TaggedPageRow]:
    """A page on PostgreSQL, each row with its ordered tags."""
    return query(TaggedPageRow, _page(POSTGRESQL, shape))


@cache
def article_count(shape: Shape) -> Query[CountRow]:
    """The number of matches, for a page past the end (which has no row to carry it)."""
    return query(CountRow, _count(shape))


@cache
def article_by_slug(viewer: bool) -> Query[ArticleRow]:
    statement = _summary(SQLITE, viewer, a.body).where(a.slug == bindparam("slug"))
    return query(ArticleRow, statement)


@cache
def tagged_article_by_slug(viewer: bool) -> Query[TaggedArticleRow]:
    statement = _summary(POSTGRESQL, viewer, a.body).where(a.slug == bindparam("slug"))
    return query(TaggedArticleRow, statement)


TAGS_OF = query(
    TagOfRow,
    select(t.article_id, t.tag)
    .where(t.article_id.in_(bindparam("article_ids", expanding=True)))
    .order_by(t.article_id, t.position),
)

PROFILE = {
    viewer: query(
        ProfileRow,
        select(u.username, u.bio, u.image, _following(u.id, viewer)).where(
            func.lower(u.username) == func.lower(bindparam("username"))
        ),
    )
    for viewer in (False, True)
}


def _comments(viewer: bool) -> list[ColumnElement[Any]]:
    return [
        c.id.label("comment_id"),
        c.body,
        c.created_at,
        c.updated_at,
        u.username,
        u.bio,
        u.image,
        _following(c.author_id, viewer),
    ]


COMMENTS_OF_ARTICLE = {
    viewer: query(
        CommentRow,
        select(*_comments(viewer))
        .select_from(
            article.outerjoin(article_comment, c.article_id == a.id).outerjoin(
                user_account, u.id == c.author_id
            )
        )
        .where(a.slug == bindparam("slug"))
        .order_by(c.created_at, c.id),
    )
    for viewer in (False, True)
}
COMMENT = {
    viewer: query(
        CommentRow,
        select(*_comments(viewer))
        .select_from(article_comment.join(user_account, u.id == c.author_id))
        .where(c.id == bindparam("comment_id")),
    )
    for viewer in (False, True)
}


# Each spelling's uses; reads.py merges the spellings of one tag (``domain.articles.tag_key``).
# Grouping by spelling alone costs the database less than by key and spelling, and the merge
# handles a few dozen rows.
TAG_USES = query(TagUsesRow, select(t.tag, func.count().label("uses")).group_by(t.tag))
