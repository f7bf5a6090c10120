"""ArticleRepository: storing, finding, changing and deleting articles; unique slugs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.ports import ArticleFilter, Persistence
from domain.articles import Body, Description, Slug, Tags, Title
from domain.errors import AlreadyExists, NotFound
from domain.paging import PageRequest
from tests.contract._helpers import (
    favorite,
    stored_article,
    stored_comment,
    stored_user,
    stored_users,
)
from tests.factories import CLOCK, a_user, an_article


async def test_an_added_article_is_found_by_slug_with_every_field(db: Persistence) -> None:
    author = await stored_user(db)
    article = an_article(
        author_id=author.id,
        title="How to Train Your Dragon",
        description="Ever wonder how?",
        body="It takes a **Jacobian**.\n\n\tIndented.",
        tags=["Dragons", "training", "zz-top"],
    )
    async with db.unit_of_work() as uow:
        await uow.articles.add(article)
        await uow.commit()
    async with db.unit_of_work() as uow:
        found = await uow.articles.by_slug("how-to-train-your-dragon")
    assert found is not None
    assert found.id == article.id
    assert found.author_id == author.id
    assert found.slug == Slug("how-to-train-your-dragon")
    assert found.title == Title("How to Train Your Dragon")
    assert found.description == Description("Ever wonder how?")
    assert found.body == Body("It takes a **Jacobian**.\n\n\tIndented.")
    assert found.tags == Tags(("Dragons", "training", "zz-top"))
    assert found.created_at == article.created_at
    assert found.updated_at == article.updated_at
    assert found.created_at.utcoffset() == timedelta(0)
    assert found.events == []


async def test_tags_keep_their_order_and_case_after_duplicates_are_dropped(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    article = an_article(author_id=author.id, tags=["zeta", " Alpha ", "mid", "zeta", "alpha"])
    async with db.unit_of_work() as uow:
        await uow.articles.add(article)
        await uow.commit()
    async with db.unit_of_work() as uow:
        found = await uow.articles.by_slug(article.slug.value)
    view = await db.reads.article(article.slug.value, None)
    assert found is not None
    assert found.tags.values == ("zeta", "Alpha", "mid")  # "alpha" is "Alpha" again
    assert view is not None
    assert view.tags == ["zeta", "Alpha", "mid"]


async def test_an_article_without_tags_has_none(db: Persistence) -> None:
    author = await stored_user(db)
    article = await stored_article(db, author, tags=[])
    async with db.unit_of_work() as uow:
        found = await uow.articles.by_slug(article.slug.value)
    assert found is not None
    assert found.tags.values == ()


async def test_unknown_slugs_are_none_and_not_taken(db: Persistence) -> None:
    author = await stored_user(db)
    article = await stored_article(db, author, title="Known title")
    async with db.unit_of_work() as uow:
        assert await uow.articles.slug_taken(article.slug.value) is True
        assert await uow.articles.slug_taken("unknown-title") is False
        assert await uow.articles.slug_taken("known") is False
        assert await uow.articles.by_slug("unknown-title") is None
    assert await db.reads.article("unknown-title", None) is None


async def test_an_articles_id_is_found_by_its_exact_slug_only(db: Persistence) -> None:
    author = await stored_user(db)
    article = await stored_article(db, author, title="Known title")
    other = await stored_article(db, author, title="Other title")
    async with db.unit_of_work() as uow:
        assert await uow.articles.id_by_slug(article.slug.value) == article.id
        assert await uow.articles.id_by_slug(other.slug.value) == other.id
        assert await uow.articles.id_by_slug(article.slug.value.upper()) is None
        assert await uow.articles.id_by_slug("known") is None
        assert await uow.articles.id_by_slug("unknown-title") is None


async def test_adding_an_article_with_a_taken_slug_raises_already_exists_slug(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    await stored_article(db, author, title="Same title")
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            await uow.articles.add(an_article(author_id=author.id, title="Same title"))
    assert raised.value.field == "slug"


async def test_saved_changes_are_stored_and_the_old_slug_stays_reserved_to_the_article(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    article = await stored_article(db, author, title="Old title", tags=["a", "b"])
    later = CLOCK.now()
    article.edit(
        by=author.id,
        now=later,
        title=Title("New title"),
        slug=Slug("new-title"),
        description=Description("New description"),
        body=Body("New body"),
        tags=Tags(("c", "a")),
    )
    async with db.unit_of_work() as uow:
        await uow.articles.save(article)
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.articles.by_slug("old-title") is None
        assert await uow.articles.slug_taken("old-title") is True
        assert await uow.articles.slug_taken("old-title", article.id) is False
        saved = await uow.articles.by_slug("new-title")
    assert saved is not None
    assert saved.id == article.id
    assert saved.title == Title("New title")
    assert saved.description == Description("New description")
    assert saved.body == Body("New body")
    assert saved.tags.values == ("c", "a")
    assert saved.created_at == article.created_at
    assert saved.updated_at == later
    assert await db.reads.tags() == ["a", "c"]  # "b" is no longer in use


async def test_saving_a_change_to_a_taken_slug_raises_and_changes_nothing(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    await stored_article(db, author, title="First")
    second = await stored_article(db, author, title="Second")
    second.edit(by=author.id, now=CLOCK.now(), title=Title("First"), slug=Slug("first"))
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            await uow.articles.save(second)
    assert raised.value.field == "slug"
    async with db.unit_of_work() as uow:
        unchanged = await uow.articles.by_slug("second")
    assert unchanged is not None
    assert unchanged.title == Title("Second")


async def test_changing_a_returned_article_without_saving_changes_nothing_stored(
    db: Persistence,
) -> None:
    author = await stored_user(db)
    article = await stored_article(db, author, title="Stable", tags=["kept"])
    async with db.unit_of_work() as uow:
        loaded = await uow.articles.by_slug("stable")
        assert loaded is not None
        loaded.edit(by=author.id, now=CLOCK.now(), body=Body("drifted"), tags=Tags(("x",)))
        await uow.commit()
    article.edit(by=author.id, now=CLOCK.now(), body=Body("also drifted"))
    async with db.unit_of_work() as uow:
        stored = await uow.articles.by_slug("stable")
    assert stored is not None
    assert stored.body != Body("drifted")
    assert stored.body != Body("also drifted")
    assert stored.tags.values == ("kept",)


async def test_deleting_an_article_removes_it_with_its_tags_favorites_and_comments(
    db: Persistence,
) -> None:
    author, fan = await stored_users(db, 2)
    doomed = await stored_article(db, author, title="Doomed", tags=["gone", "shared"])
    kept = await stored_article(db, author, title="Kept", tags=["shared"])
    await favorite(db, fan, doomed)
    await favorite(db, fan, kept)
    doomed_comment = await stored_comment(db, doomed, fan)
    kept_comment = await stored_comment(db, kept, fan)

    async with db.unit_of_work() as uow:
        await uow.articles.delete(doomed.id)
        await uow.commit()

    async with db.unit_of_work() as uow:
        assert await uow.articles.by_slug("doomed") is None
        assert await uow.articles.slug_taken("doomed") is False
        assert await uow.comments.by_id(doomed_comment.id) is None
        assert await uow.comments.by_id(kept_comment.id) is not None
        assert await uow.favorites.add(fan.id, kept.id) is False  # the other favorite stays
    assert await db.reads.article("doomed", None) is None
    assert await db.reads.comments("doomed", None) is None
    assert await db.reads.tags() == ["shared"]
    favorites = await db.reads.articles(
        ArticleFilter(favorited_by=fan.username.value), PageRequest(), None
    )
    assert [a.slug for a in favorites.articles] == ["kept"]
    assert favorites.total == 1


async def test_a_deleted_articles_slug_can_be_used_again(db: Persistence) -> None:
    author = await stored_user(db)
    first = await stored_article(db, author, title="Reused", tags=["old"])
    async with db.unit_of_work() as uow:
        await uow.articles.delete(first.id)
        await uow.commit()
    second = await stored_article(db, author, title="Reused", tags=["new"])
    view = await db.reads.article("reused", None)
    assert view is not None
    assert view.tags == ["new"]
    assert view.created_at == second.created_at


async def test_adding_an_article_by_an_unknown_author_raises_not_found(db: Persistence) -> None:
    orphan = an_article(author_id=a_user().id)
    with pytest.raises(NotFound):
        async with db.unit_of_work() as uow:
            await uow.articles.add(orphan)
    async with db.unit_of_work() as uow:
        assert await uow.articles.by_slug(orphan.slug.value) is None
