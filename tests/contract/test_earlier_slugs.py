"""Earlier slugs stay reserved to their article: a retitled article keeps its old slug, which
resolves to the current one (for a redirect) but finds nothing for a write; no other article gets
it; it goes with the article."""

from __future__ import annotations

from application.articles import ArticleChanges
from application.ports import Persistence
from tests.contract._helpers import articles_use_case, stored_user
from tests.factories import a_new_article, an_article


async def test_a_retitled_articles_old_slug_resolves_to_its_current_one(db: Persistence) -> None:
    author = await stored_user(db)
    articles = articles_use_case(db)
    created = await articles.create(author.id, a_new_article(title="First name"))
    renamed = await articles.update(created.slug, author.id, ArticleChanges(title="Second name"))
    again = await articles.update(renamed.slug, author.id, ArticleChanges(title="Third name"))

    assert (created.slug, renamed.slug, again.slug) == ("first-name", "second-name", "third-name")
    assert await db.reads.current_slug("first-name") == "third-name"
    assert await db.reads.current_slug("second-name") == "third-name"
    assert await db.reads.current_slug("third-name") == "third-name"
    assert await db.reads.current_slug("never-was") is None
    assert await db.reads.article("first-name", None) is None  # reads by slug: current only


async def test_writes_by_an_earlier_slug_find_nothing(db: Persistence) -> None:
    author = await stored_user(db)
    articles = articles_use_case(db)
    created = await articles.create(author.id, a_new_article(title="Before"))
    await articles.update(created.slug, author.id, ArticleChanges(title="After"))

    async with db.unit_of_work() as uow:
        assert await uow.articles.by_slug("before") is None
        assert await uow.articles.id_by_slug("before") is None
        current = await uow.articles.by_slug("after")
    assert current is not None


async def test_no_other_article_gets_an_earlier_slug(db: Persistence) -> None:
    author = await stored_user(db)
    other = await stored_user(db)
    articles = articles_use_case(db)
    first = await articles.create(author.id, a_new_article(title="Taken once"))
    await articles.update(first.slug, author.id, ArticleChanges(title="Moved on"))

    newcomer = await articles.create(other.id, a_new_article(title="Taken once"))
    retitled = await articles.create(other.id, a_new_article(title="Something"))
    retitled = await articles.update(retitled.slug, other.id, ArticleChanges(title="Taken once"))

    assert newcomer.slug.startswith("taken-once-")
    assert retitled.slug.startswith("taken-once-")
    assert len({newcomer.slug, retitled.slug}) == 2
    assert await db.reads.current_slug("taken-once") == "moved-on"
    async with db.unit_of_work() as uow:
        assert await uow.articles.slug_taken("taken-once") is True


async def test_an_article_retitled_back_gets_its_own_earlier_slug_again(db: Persistence) -> None:
    author = await stored_user(db)
    articles = articles_use_case(db)
    created = await articles.create(author.id, a_new_article(title="Home"))
    away = await articles.update(created.slug, author.id, ArticleChanges(title="Away"))
    back = await articles.update(away.slug, author.id, ArticleChanges(title="Home"))

    assert back.slug == "home"
    assert await db.reads.current_slug("away") == "home"
    assert await db.reads.current_slug("home") == "home"


async def test_earlier_slugs_go_with_their_article(db: Persistence) -> None:
    author = await stored_user(db)
    articles = articles_use_case(db)
    created = await articles.create(author.id, a_new_article(title="Short lived"))
    renamed = await articles.update(created.slug, author.id, ArticleChanges(title="Gone soon"))
    await articles.delete(renamed.slug, author.id)

    assert await db.reads.current_slug("short-lived") is None
    async with db.unit_of_work() as uow:
        assert await uow.articles.slug_taken("short-lived") is False
    reused = await articles.create(author.id, a_new_article(title="Short lived"))
    assert reused.slug == "short-lived"


async def test_a_slug_taken_in_a_race_resolves_to_the_article_whose_current_slug_it_is(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    articles = articles_use_case(db)
    first = await articles.create(author.id, a_new_article(title="Contested"))
    await articles.update(first.slug, author.id, ArticleChanges(title="Given up"))
    # A writer that checked before the retitle committed stores the slug all the same.
    async with db.unit_of_work() as uow:
        await uow.articles.add(an_article(author_id=author.id, slug="contested"))
        await uow.commit()

    assert await db.reads.current_slug("contested") == "contested"
    assert await db.reads.current_slug("given-up") == "given-up"
