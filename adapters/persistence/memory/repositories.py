"""Repositories and the outbox over one transaction's working copy of the tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from adapters.persistence.memory.tables import (
    OutboxEntry,
    Tables,
    detached_article,
    detached_user,
)
from application.context import current_correlation
from application.ports import (
    ArticleRepository,
    CommentRepository,
    FavoriteRepository,
    FollowRepository,
    Outbox,
    UserRepository,
)
from application.views import UserSummary
from domain.articles import Article
from domain.comments import Comment, NewComment
from domain.errors import AlreadyExists, NotFound
from domain.events import DomainEvent
from domain.ids import ArticleId, CommentId, UserId
from domain.paging import PageRequest
from domain.users import User, email_key, username_key

TablesSource = Callable[[], Tables]


class MemoryUserRepository(UserRepository):
    def __init__(self, tables: TablesSource) -> None:
        self._tables = tables

    async def add(self, user: User) -> None:
        t = self._tables()
        self._ensure_unique(t, user)
        self._store(t, user)

    async def save(self, user: User) -> None:
        t = self._tables()
        old = t.users.get(user.id)
        if old is None:
            return  # like an UPDATE that matches no row
        self._ensure_unique(t, user)
        del t.user_by_username[old.username.key]
        del t.user_by_email[old.email.key]
        self._store(t, user)

    async def replace_password_hash(self, user_id: UserId, old: str, new: str) -> bool:
        t = self._tables()
        stored = t.users.get(user_id)
        if stored is None or stored.password_hash != old:
            return False
        t.users[user_id] = dataclasses.replace(stored, password_hash=new, events=[])
        return True

    async def by_id(self, user_id: UserId) -> User | None:
        user = self._tables().users.get(user_id)
        return None if user is None else detached_user(user)

    async def by_username(self, username: str) -> User | None:
        t = self._tables()
        user_id = t.user_by_username.get(username_key(username))
        return None if user_id is None else detached_user(t.users[user_id])

    async def by_email(self, email: str) -> User | None:
        t = self._tables()
        user_id = t.user_by_email.get(email_key(email))
        return None if user_id is None else detached_user(t.users[user_id])

    async def registered(self, page: PageRequest) -> list[UserSummary]:
        ordered = sorted(self._tables().users.values(), key=lambda user: (user.created_at, user.id))
        return [
            UserSummary(username=u.username.value, email=u.email.value, created_at=u.created_at)
            for u in ordered[page.offset : page.offset + page.limit]
        ]

    @staticmethod
    def _ensure_unique(t: Tables, user: User) -> None:
        taken = [
            name
            for name, index, value in (
                ("email", t.user_by_email, user.email.key),
                ("username", t.user_by_username, user.username.key),
            )
            if index.get(value, user.id) != user.id
        ]
        if taken:
            raise AlreadyExists(*taken)

    @staticmethod
    def _store(t: Tables, user: User) -> None:
        t.users[user.id] = detached_user(user)
        t.user_by_username[user.username.key] = user.id
        t.user_by_email[user.email.key] = user.id


class MemoryFollowRepository(FollowRepository):
    def __init__(self, tables: TablesSource) -> None:
        self._tables = tables

    async def add(self, follower_id: UserId, followee_id: UserId) -> bool:
        tables = self._tables()
        if follower_id not in tables.users or followee_id not in tables.users:
            raise NotFound("user", (follower_id, followee_id))  # the SQL schema's foreign keys
        follows = tables.follows
        if (follower_id, followee_id) in follows:
            return False
        follows.add((follower_id, followee_id))
        return True

    async def remove(self, follower_id: UserId, followee_id: UserId) -> bool:
        follows = self._tables().follows
        if (follower_id, followee_id) not in follows:
            return False
        follows.remove((follower_id, followee_id))
        return True

    async def exists(self, follower_id: UserId, followee_id: UserId) -> bool:
        return (follower_id, followee_id) in self._tables().follows


class MemoryArticleRepository(ArticleRepository):
    def __init__(self, tables: TablesSource) -> None:
        self._tables = tables

    async def add(self, article: Article) -> None:
        t = self._tables()
        if article.author_id not in t.users:
            raise NotFound("user", article.author_id)  # the SQL schema's foreign key
        if article.slug.value in t.article_by_slug:
            raise AlreadyExists("slug")
        t.articles[article.id] = detached_article(article)
        t.article_by_slug[article.slug.value] = article.id

    async def save(self, article: Article) -> None:
        t = self._tables()
        old = t.articles.get(article.id)
        if old is None:
            return  # like an UPDATE that matches no row
        if t.article_by_slug.get(article.slug.value, article.id) != article.id:
            raise AlreadyExists("slug")
        del t.article_by_slug[old.slug.value]
        t.articles[article.id] = detached_article(article)
        t.article_by_slug[article.slug.value] = article.id
        if old.slug != article.slug:
            t.earlier_slugs.setdefault(old.slug.value, article.id)
            if t.earlier_slugs.get(article.slug.value) == article.id:
                del t.earlier_slugs[article.slug.value]  # back to one of its own earlier slugs

    async def by_slug(self, slug: str) -> Article | None:
        t = self._tables()
        article_id = t.article_by_slug.get(slug)
        return None if article_id is None else detached_article(t.articles[article_id])

    async def id_by_slug(self, slug: str) -> ArticleId | None:
        return self._tables().article_by_slug.get(slug)

    async def slug_taken(self, slug: str, for_article: ArticleId | None = None) -> bool:
        t = self._tables()
        if slug in t.article_by_slug:
            return True
        holder = t.earlier_slugs.get(slug)
        return holder is not None and holder != for_article

    async def delete(self, article_id: ArticleId) -> None:
        t = self._tables()
        article = t.articles.pop(article_id, None)
        if article is None:
            return
        del t.article_by_slug[article.slug.value]
        t.earlier_slugs = {s: i for s, i in t.earlier_slugs.items() if i != article_id}
        t.favorites = {pair for pair in t.favorites if pair[1] != article_id}
        t.comments = {i: c for i, c in t.comments.items() if c.article_id != article_id}


class MemoryFavoriteRepository(FavoriteRepository):
    def __init__(self, tables: TablesSource) -> None:
        self._tables = tables

    async def add(self, user_id: UserId, article_id: ArticleId) -> bool:
        t = self._tables()
        _ensure_parents(t, article_id, user_id)
        favorites = t.favorites
        if (user_id, article_id) in favorites:
            return False
        favorites.add((user_id, article_id))
        return True

    async def remove(self, user_id: UserId, article_id: ArticleId) -> bool:
        favorites = self._tables().favorites
        if (user_id, article_id) not in favorites:
            return False
        favorites.remove((user_id, article_id))
        return True


class MemoryCommentRepository(CommentRepository):
    def __init__(self, tables: TablesSource) -> None:
        self._tables = tables

    async def add(self, comment: NewComment) -> Comment:
        t = self._tables()
        _ensure_parents(t, comment.article_id, comment.author_id)
        t.last_comment_id += 1
        stored = Comment(
            id=CommentId(t.last_comment_id),
            article_id=comment.article_id,
            author_id=comment.author_id,
            body=comment.body,
            created_at=comment.created_at,
            updated_at=comment.created_at,
        )
        t.comments[stored.id] = stored
        return dataclasses.replace(stored, events=[])  # the stored row never holds events

    async def by_id(self, comment_id: CommentId) -> Comment | None:
        comment = self._tables().comments.get(comment_id)
        return None if comment is None else dataclasses.replace(comment, events=[])

    async def delete(self, comment_id: CommentId) -> None:
        self._tables().comments.pop(comment_id, None)


def _ensure_parents(t: Tables, article_id: ArticleId, user_id: UserId) -> None:
    """Like the SQL adapter's foreign keys: a row about a missing article (or user) is refused
    with ``NotFound`` (the article was deleted meanwhile)."""
    if article_id not in t.articles or user_id not in t.users:
        raise NotFound("article", article_id)


class MemoryOutbox(Outbox):
    def __init__(self, tables: TablesSource) -> None:
        self._tables = tables

    async def add(self, events: Sequence[DomainEvent]) -> None:
        correlation = current_correlation()
        self._tables().outbox.extend(OutboxEntry(event, correlation) for event in events)
