"""UnitOfWork: commit publishes, leaving without commit (or by an error) discards, and a
transaction sees its own writes while plain reads see only committed state."""

from __future__ import annotations

import pytest

from application.ports import ArticleFilter, Persistence
from domain.errors import AlreadyExists
from domain.paging import PageRequest
from tests.contract._helpers import stored_article, stored_user, stored_users
from tests.factories import a_user, an_article


async def test_a_unit_of_work_left_without_commit_discards_its_writes(db: Persistence) -> None:
    author, reader = await stored_users(db, 2)
    async with db.unit_of_work() as uow:
        await uow.users.add(a_user(username="ghost"))
        await uow.articles.add(an_article(author_id=author.id, title="Ghost story"))
        await uow.follows.add(reader.id, author.id)
    async with db.unit_of_work() as uow:
        assert await uow.users.by_username("ghost") is None
        assert await uow.articles.by_slug("ghost-story") is None
        assert await uow.follows.exists(reader.id, author.id) is False
    assert await db.reads.article("ghost-story", None) is None


async def test_a_unit_of_work_left_by_an_error_discards_its_writes_and_the_error_propagates(
    db: Persistence,
) -> None:
    author, fan = await stored_users(db, 2)
    article = await stored_article(db, author, title="Standing")

    class Boom(Exception):
        pass

    async def fail_halfway() -> None:
        async with db.unit_of_work() as uow:
            await uow.favorites.add(fan.id, article.id)
            await uow.articles.delete(article.id)
            raise Boom

    with pytest.raises(Boom):
        await fail_halfway()
    view = await db.reads.article("standing", None)
    assert view is not None
    assert view.favorites_count == 0


async def test_committed_writes_are_seen_by_later_units_of_work_and_plain_reads(
    db: Persistence,
) -> None:
    async with db.unit_of_work() as uow:
        await uow.users.add(a_user(username="kept"))
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.users.by_username("kept") is not None
    assert await db.reads.profile("kept", None) is not None


async def test_writes_after_a_commit_need_another_commit(db: Persistence) -> None:
    async with db.unit_of_work() as uow:
        await uow.users.add(a_user(username="first"))
        await uow.commit()
        await uow.users.add(a_user(username="second"))
    async with db.unit_of_work() as uow:
        assert await uow.users.by_username("first") is not None
        assert await uow.users.by_username("second") is None


async def test_a_transaction_sees_its_own_writes_before_plain_reads_do(db: Persistence) -> None:
    async with db.unit_of_work() as uow:
        author = a_user(username="fresh")
        await uow.users.add(author)
        article = an_article(author_id=author.id, title="Fresh news", tags=["new"])
        await uow.articles.add(article)
        await uow.favorites.add(author.id, article.id)

        assert await uow.users.by_username("fresh") is not None
        assert await uow.articles.slug_taken("fresh-news") is True
        own = await uow.reads.article("fresh-news", author.id)
        assert own is not None
        assert (own.favorited, own.favorites_count) == (True, 1)
        assert await uow.reads.profile("fresh", None) is not None
        assert await uow.reads.tags() == ["new"]
        listed = await uow.reads.articles(ArticleFilter(tag="new"), PageRequest(), None)
        assert listed.total == 1

        assert await db.reads.profile("fresh", None) is None
        assert await db.reads.article("fresh-news", None) is None
        assert await db.reads.tags() == []
        await uow.commit()

    after = await db.reads.article("fresh-news", author.id)
    assert after is not None
    assert (after.favorited, after.favorites_count) == (True, 1)


async def test_after_a_rejected_write_the_next_unit_of_work_works_normally(
    db: Persistence,
) -> None:
    await stored_user(db, username="taken")
    rejected = a_user(username="TAKEN")
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists):
            await uow.users.add(rejected)
    async with db.unit_of_work() as uow:
        await uow.users.add(a_user(username="free"))
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.users.by_id(rejected.id) is None
        assert await uow.users.by_username("free") is not None
