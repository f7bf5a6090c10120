"""The read model over a snapshot of the tables: committed state, or a transaction's own."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from adapters.persistence.memory.tables import Tables
from application.ports import ArticleFilter, ReadModel
from application.views import (
    ArticleKeysetPage,
    ArticlePage,
    ArticleSummary,
    ArticleView,
    CommentKeysetPage,
    CommentView,
    ProfileView,
    TagCount,
)
from domain.articles import Article, tag_counts, tag_key, tags_by_use
from domain.comments import Comment
from domain.ids import CommentId, UserId
from domain.paging import KeysetRequest, PageRequest, Position, Sort
from domain.users import User, username_key


class MemoryReadModel(ReadModel):
    def __init__(self, tables: Callable[[], Tables]) -> None:
        self._tables = tables

    async def profile(self, username: str, viewer: UserId | None) -> ProfileView | None:
        t = self._tables()
        user_id = t.user_by_username.get(username_key(username))
        return None if user_id is None else _profile(t, t.users[user_id], viewer)

    async def article(self, slug: str, viewer: UserId | None) -> ArticleView | None:
        t = self._tables()
        article_id = t.article_by_slug.get(slug)
        if article_id is None:
            return None
        article = t.articles[article_id]
        count = sum(1 for _, favorite in t.favorites if favorite == article_id)
        summary = _summary(t, article, viewer, count)
        return ArticleView(
            slug=summary.slug,
            title=summary.title,
            description=summary.description,
            tags=summary.tags,
            created_at=summary.created_at,
            updated_at=summary.updated_at,
            favorited=summary.favorited,
            favorites_count=summary.favorites_count,
            author=summary.author,
            body=article.body.value,
        )

    async def articles(
        self, filter: ArticleFilter, page: PageRequest, viewer: UserId | None
    ) -> ArticlePage:
        t = self._tables()
        return _page(t, _matches(t, filter), page, viewer)

    async def feed(self, viewer: UserId, page: PageRequest) -> ArticlePage:
        t = self._tables()
        return _page(t, _followed(t, viewer), page, viewer)

    async def article_page(
        self, filter: ArticleFilter, request: KeysetRequest, viewer: UserId | None
    ) -> ArticleKeysetPage:
        t = self._tables()
        return _keyset_page(t, list(_matches(t, filter)), request, viewer)

    async def feed_page(self, viewer: UserId, request: KeysetRequest) -> ArticleKeysetPage:
        t = self._tables()
        return _keyset_page(t, list(_followed(t, viewer)), request, viewer)

    async def comment_page(
        self, slug: str, viewer: UserId | None, request: KeysetRequest
    ) -> CommentKeysetPage | None:
        t = self._tables()
        article_id = t.article_by_slug.get(slug)
        if article_id is None:
            return None
        found = [c for c in t.comments.values() if c.article_id == article_id]
        after = [c for c in found if request.comes_after(c.created_at, c.id)]
        after.sort(key=lambda c: (c.created_at, c.id), reverse=request.sort is Sort.NEWEST_FIRST)
        shown = after[: request.limit]
        more = len(after) > request.limit
        return CommentKeysetPage(
            comments=[_comment(t, c, viewer) for c in shown],
            next=Position(shown[-1].created_at, shown[-1].id) if more else None,
            total=len(found) if request.with_total else None,
        )

    async def current_slug(self, slug: str) -> str | None:
        t = self._tables()
        if slug in t.article_by_slug:
            return slug
        article_id = t.earlier_slugs.get(slug)
        return None if article_id is None else t.articles[article_id].slug.value

    async def comments(self, slug: str, viewer: UserId | None) -> list[CommentView] | None:
        t = self._tables()
        article_id = t.article_by_slug.get(slug)
        if article_id is None:
            return None
        found = (c for c in t.comments.values() if c.article_id == article_id)
        ordered = sorted(found, key=lambda c: (c.created_at, c.id))
        return [_comment(t, c, viewer) for c in ordered]

    async def comment(self, comment_id: CommentId, viewer: UserId | None) -> CommentView | None:
        t = self._tables()
        found = t.comments.get(comment_id)
        return None if found is None else _comment(t, found, viewer)

    async def tags(self) -> list[str]:
        uses = Counter(tag for a in self._tables().articles.values() for tag in a.tags.values)
        return tags_by_use(uses.items())

    async def tag_counts(self, limit: int) -> list[TagCount]:
        uses = Counter(tag for a in self._tables().articles.values() for tag in a.tags.values)
        return [TagCount(tag, count) for tag, count in tag_counts(uses.items())[:limit]]


def _matches(t: Tables, filter: ArticleFilter) -> Iterable[Article]:
    matches: Iterable[Article] = t.articles.values()
    if filter.tag is not None:
        wanted = tag_key(filter.tag)
        matches = [a for a in matches if any(tag_key(t) == wanted for t in a.tags.values)]
    if filter.author is not None:
        author_id = t.user_by_username.get(username_key(filter.author))
        matches = [a for a in matches if a.author_id == author_id]
    if filter.favorited_by is not None:
        fan_id = t.user_by_username.get(username_key(filter.favorited_by))
        matches = [a for a in matches if (fan_id, a.id) in t.favorites]
    return matches


def _followed(t: Tables, viewer: UserId) -> Iterable[Article]:
    followed = {followee for follower, followee in t.follows if follower == viewer}
    return (a for a in t.articles.values() if a.author_id in followed)


def _keyset_page(
    t: Tables, matches: list[Article], request: KeysetRequest, viewer: UserId | None
) -> ArticleKeysetPage:
    # Ids compare as their text, the form a position carries: for UUIDs the same order.
    after = [a for a in matches if request.comes_after(a.created_at, str(a.id))]
    after.sort(key=lambda a: (a.created_at, a.id), reverse=request.sort is Sort.NEWEST_FIRST)
    shown = after[: request.limit]
    counts = Counter(article_id for _, article_id in t.favorites)
    last = shown[-1] if len(after) > request.limit else None
    return ArticleKeysetPage(
        articles=[_summary(t, a, viewer, counts[a.id]) for a in shown],
        next=None if last is None else Position(last.created_at, str(last.id)),
        total=len(matches) if request.with_total else None,
    )


def _page(
    t: Tables, matches: Iterable[Article], page: PageRequest, viewer: UserId | None
) -> ArticlePage:
    # Newest first; equal times are ordered by id, as the SQL adapter does.
    ordered = sorted(matches, key=lambda article: (article.created_at, article.id), reverse=True)
    counts = Counter(article_id for _, article_id in t.favorites)
    return ArticlePage(
        articles=[
            _summary(t, a, viewer, counts[a.id])
            for a in ordered[page.offset : page.offset + page.limit]
        ],
        total=len(ordered),
    )


def _profile(t: Tables, user: User, viewer: UserId | None) -> ProfileView:
    return ProfileView(
        username=user.username.value,
        bio=None if user.bio is None else user.bio.value,
        image=None if user.image is None else user.image.value,
        following=viewer is not None and (viewer, user.id) in t.follows,
    )


def _summary(
    t: Tables, article: Article, viewer: UserId | None, favorites_count: int
) -> ArticleSummary:
    return ArticleSummary(
        slug=article.slug.value,
        title=article.title.value,
        description=article.description.value,
        tags=list(article.tags.values),
        created_at=article.created_at,
        updated_at=article.updated_at,
        favorited=viewer is not None and (viewer, article.id) in t.favorites,
        favorites_count=favorites_count,
        author=_profile(t, t.users[article.author_id], viewer),
    )


def _comment(t: Tables, comment: Comment, viewer: UserId | None) -> CommentView:
    return CommentView(
        id=comment.id,
        body=comment.body.value,
        created_at=comment.created_at,
        updated_at=comment.updated_at,
        author=_profile(t, t.users[comment.author_id], viewer),
    )
