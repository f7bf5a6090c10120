"""Articles: list, feed, read, publish, edit, delete, favorite and unfavorite; the tag list.

``parse_new_article`` and ``parse_article_changes`` are the commands' one way in: pure (no I/O),
each reports every field's problems in one ``InvalidInput``; the use cases call them once.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Sequence
from dataclasses import dataclass

from application.ports import ArticleFilter, Clock, ReadModel, UnitOfWork, UnitOfWorkFactory
from application.positions import article_positions
from application.views import ArticleKeysetPage, ArticlePage, ArticleView, TagCount
from domain.articles import Article, ArticleDraft, Body, Description, Slug, Tags, Title
from domain.errors import AlreadyExists, NotFound, all_valid, require_valid
from domain.favorites import Favorite
from domain.ids import ArticleId, UserId
from domain.paging import KeysetRequest, PageRequest, limit_problems

# A slug clash that slips past the check (two writers at once) is retried with a fresh suffix.
SLUG_ATTEMPTS = 4
TAG_COUNTS_DEFAULT = 20
TAG_COUNTS_MAX = 100


@dataclass(frozen=True, slots=True, kw_only=True)
class NewArticle:
    title: str
    description: str
    body: str
    tags: Sequence[str] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleChanges:
    """Only the fields that are set change."""

    title: str | None = None
    description: str | None = None
    body: str | None = None
    tags: Sequence[str] | None = None


@dataclass(frozen=True, slots=True)
class ValidArticleChanges:
    title: Title | None
    description: Description | None
    body: Body | None
    tags: Tags | None


def parse_new_article(command: NewArticle) -> ArticleDraft:
    return ArticleDraft.parse(
        title=command.title, description=command.description, body=command.body, tags=command.tags
    )


def parse_article_changes(changes: ArticleChanges) -> ValidArticleChanges:
    c = changes
    return ValidArticleChanges(
        *all_valid(
            lambda: None if c.title is None else Title.parse(c.title),
            lambda: None if c.description is None else Description.parse(c.description),
            lambda: None if c.body is None else Body.parse(c.body),
            lambda: None if c.tags is None else Tags.parse(c.tags),
        )
    )


class Articles:
    """``reserved_slugs`` are words a way in uses where a slug could stand (``feed`` in
    ``/api/articles/feed``): no article gets one, so every article stays reachable."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        reads: ReadModel,
        clock: Clock,
        reserved_slugs: Collection[str] = (),
    ) -> None:
        self._uow, self._reads, self._clock = uow, reads, clock
        self._reserved = frozenset(reserved_slugs)

    # --- reads -----------------------------------------------------------------------------------
    async def search(
        self, filter: ArticleFilter, page: PageRequest, viewer: UserId | None
    ) -> ArticlePage:
        return await self._reads.articles(filter, page, viewer)

    async def feed(self, viewer: UserId, page: PageRequest) -> ArticlePage:
        return await self._reads.feed(viewer, page)

    async def get(self, slug: str, viewer: UserId | None) -> ArticleView:
        view = await self._reads.article(slug, viewer)
        if view is None:
            raise NotFound("article", slug)
        return view

    async def tags(self) -> list[str]:
        return await self._reads.tags()

    async def page(
        self, filter: ArticleFilter, request: KeysetRequest, viewer: UserId | None
    ) -> ArticleKeysetPage:
        """A keyset page of the matching articles (``request.after.id`` an article's id)."""
        return await self._reads.article_page(filter, article_positions(request), viewer)

    async def feed_page(self, viewer: UserId, request: KeysetRequest) -> ArticleKeysetPage:
        return await self._reads.feed_page(viewer, article_positions(request))

    async def tag_counts(self, limit: int | None = None) -> list[TagCount]:
        """The most used tags with their article counts; ``limit`` 1-100 (default 20)."""
        limit = TAG_COUNTS_DEFAULT if limit is None else limit
        require_valid(limit=limit_problems(limit, TAG_COUNTS_MAX))
        return await self._reads.tag_counts(limit)

    async def current_slug(self, slug: str) -> str:
        """The current slug of the article that has or had ``slug`` (an earlier slug resolves
        to its article's current one, for a redirect); ``NotFound`` when no article did."""
        found = await self._reads.current_slug(slug)
        if found is None:
            raise NotFound("article", slug)
        return found

    # --- writes ----------------------------------------------------------------------------------
    async def create(self, author: UserId, command: NewArticle) -> ArticleView:
        draft = parse_new_article(command)

        async def attempt(uow: UnitOfWork) -> ArticleView:
            article = Article.publish(
                author_id=author,
                draft=draft,
                slug=await _free_slug(uow, Slug.from_title(draft.title), self._reserved),
                now=self._clock.now(),
            )
            await uow.articles.add(article)
            await uow.outbox.add(article.pull_events())
            return await _view(uow, article.slug.value, author)

        return await self._retrying_slug_clashes(attempt)

    async def update(self, slug: str, by: UserId, changes: ArticleChanges) -> ArticleView:
        edits = parse_article_changes(changes)

        async def attempt(uow: UnitOfWork) -> ArticleView:
            article = await _article(uow, slug)
            article.ensure_author(by, "edit")
            new_slug = None
            if edits.title is not None and article.needs_new_slug(edits.title):
                new_slug = await _free_slug(
                    uow, Slug.from_title(edits.title), self._reserved, for_article=article.id
                )
            changed = article.edit(
                by=by,
                now=self._clock.now(),
                title=edits.title,
                description=edits.description,
                body=edits.body,
                tags=edits.tags,
                slug=new_slug,
            )
            if changed:
                await uow.articles.save(article)
                await uow.outbox.add(article.pull_events())
            return await _view(uow, article.slug.value, by)

        return await self._retrying_slug_clashes(attempt)

    async def delete(self, slug: str, by: UserId) -> None:
        async with self._uow() as uow:
            article = await _article(uow, slug)
            article.delete(by=by, now=self._clock.now())
            await uow.articles.delete(article.id)
            await uow.outbox.add(article.pull_events())
            await uow.commit()

    async def favorite(self, slug: str, by: UserId) -> ArticleView:
        async with self._uow() as uow:
            favorite = Favorite(user_id=by, article_id=await _article_id(uow, slug))
            if await uow.favorites.add(favorite.user_id, favorite.article_id):
                favorite.added(now=self._clock.now())
            await uow.outbox.add(favorite.pull_events())
            view = await _view(uow, slug, by)
            await uow.commit()
        return view

    async def unfavorite(self, slug: str, by: UserId) -> ArticleView:
        async with self._uow() as uow:
            favorite = Favorite(user_id=by, article_id=await _article_id(uow, slug))
            if await uow.favorites.remove(favorite.user_id, favorite.article_id):
                favorite.removed(now=self._clock.now())
            await uow.outbox.add(favorite.pull_events())
            view = await _view(uow, slug, by)
            await uow.commit()
        return view

    async def _retrying_slug_clashes(
        self, attempt: Callable[[UnitOfWork], Awaitable[ArticleView]]
    ) -> ArticleView:
        for remaining in reversed(range(SLUG_ATTEMPTS)):
            try:
                async with self._uow() as uow:
                    view = await attempt(uow)
                    await uow.commit()
                    return view
            except AlreadyExists as clash:
                if clash.field != "slug" or not remaining:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover


async def _article(uow: UnitOfWork, slug: str) -> Article:
    article = await uow.articles.by_slug(slug)
    if article is None:
        raise NotFound("article", slug)
    return article


async def _article_id(uow: UnitOfWork, slug: str) -> ArticleId:
    found = await uow.articles.id_by_slug(slug)
    if found is None:
        raise NotFound("article", slug)
    return found


async def _free_slug(
    uow: UnitOfWork, base: Slug, reserved: frozenset[str], for_article: ArticleId | None = None
) -> Slug:
    """The base slug if free, else the first free suffixed variant. Earlier slugs are taken,
    except ``for_article``'s own (an article retitled back gets its slug back)."""
    for candidate in base.candidates(SLUG_ATTEMPTS):
        if candidate.value not in reserved and not await uow.articles.slug_taken(
            candidate.value, for_article
        ):
            return candidate
    return base.with_suffix()  # pragma: no cover - four random clashes in a row


async def _view(uow: UnitOfWork, slug: str, viewer: UserId) -> ArticleView:
    view = await uow.reads.article(slug, viewer)
    if view is None:  # pragma: no cover - the article was written in this very transaction
        raise NotFound("article", slug)
    return view
