"""Slug clashes that slip past the "is this slug free?" check (a rival writer committed the same
slug in between) are retried with a fresh suffix, a bounded number of times.

The memory adapter runs one unit of work at a time, so the race is staged: the real repository is
wrapped so that its first slug checks answer "free" — what a check made just before the rival's
commit would have answered. Every write still goes to the real adapter, which refuses the clash.
"""

from __future__ import annotations

import re

import pytest

from adapters.persistence.memory import MemoryDatabase
from application.articles import SLUG_ATTEMPTS, ArticleChanges, Articles
from application.ports import ArticleRepository, UnitOfWork
from domain.articles import Article
from domain.errors import AlreadyExists
from domain.events import ArticlePublished, ArticleUpdated
from domain.ids import ArticleId
from tests.factories import a_new_article
from tests.unit.application.harness import App, Member


class StaleSlugChecks:
    """A unit-of-work factory over ``database`` whose first ``misses`` slug checks say "free"."""

    def __init__(self, database: MemoryDatabase, misses: int) -> None:
        self.database, self.misses = database, misses

    def __call__(self) -> UnitOfWork:
        uow: UnitOfWork = self.database.unit_of_work()
        uow.articles = _StaleArticles(uow.articles, self)
        return uow


class _StaleArticles(ArticleRepository):
    def __init__(self, real: ArticleRepository, race: StaleSlugChecks) -> None:
        self._real, self._race = real, race

    async def slug_taken(self, slug: str, for_article: ArticleId | None = None) -> bool:
        if self._race.misses > 0:
            self._race.misses -= 1
            return False
        return await self._real.slug_taken(slug, for_article)

    async def add(self, article: Article) -> None:
        await self._real.add(article)

    async def save(self, article: Article) -> None:
        await self._real.save(article)

    async def by_slug(self, slug: str) -> Article | None:
        return await self._real.by_slug(slug)

    async def id_by_slug(self, slug: str) -> ArticleId | None:  # pragma: no cover - not in a race
        return await self._real.id_by_slug(slug)

    async def delete(self, article_id: ArticleId) -> None:
        await self._real.delete(article_id)


def racing(app: App, misses: int) -> Articles:
    return Articles(
        uow=StaleSlugChecks(app.database, misses), reads=app.database.reads, clock=app.clock
    )


async def test_a_create_that_loses_the_race_retries_with_a_suffixed_slug(
    app: App, ann: Member, bob: Member
) -> None:
    await app.article_by(bob, title="Hot Topic")
    view = await racing(app, misses=1).create(ann.id, a_new_article(title="Hot Topic"))
    assert re.fullmatch(r"hot-topic-[0-9a-f]{6}", view.slug)
    assert [e.slug for e in app.events_of(ArticlePublished)] == ["hot-topic", view.slug]


async def test_a_create_that_keeps_losing_gives_up_after_the_last_attempt(
    app: App, ann: Member, bob: Member
) -> None:
    await app.article_by(bob, title="Hot Topic")
    with pytest.raises(AlreadyExists) as caught:
        await racing(app, misses=SLUG_ATTEMPTS).create(ann.id, a_new_article(title="Hot Topic"))
    assert caught.value.field == "slug"
    assert [e.slug for e in app.events_of(ArticlePublished)] == ["hot-topic"]


async def test_a_retitle_that_loses_the_race_retries_with_a_suffixed_slug(
    app: App, ann: Member, bob: Member
) -> None:
    await app.article_by(bob, title="Hot Topic")
    mine = await app.article_by(ann, title="Cold Topic")
    view = await racing(app, misses=1).update(mine.slug, ann.id, ArticleChanges(title="Hot Topic"))
    assert re.fullmatch(r"hot-topic-[0-9a-f]{6}", view.slug)
    [event] = app.events_of(ArticleUpdated)
    assert event.slug == view.slug
