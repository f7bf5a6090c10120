"""The SQL adapter turns violated constraints, by name, into domain errors on both dialects."""

from __future__ import annotations

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from adapters.persistence.sql import SqlDatabase
from adapters.persistence.sql.errors import constraint_name
from adapters.persistence.sql.tables import user_follow
from domain.articles import Slug
from domain.comments import CommentBody, NewComment
from domain.errors import AlreadyExists, NotFound
from domain.ids import new_article_id
from domain.users import Email, Username
from tests.factories import CLOCK, a_user, an_article


async def test_an_email_taken_in_another_case_is_already_exists_email(db: SqlDatabase) -> None:
    async with db.unit_of_work() as uow:
        await uow.users.add(a_user(email="Ann@Example.com"))
        await uow.commit()

    with pytest.raises(AlreadyExists) as clash:
        async with db.unit_of_work() as uow:
            await uow.users.add(a_user(email="ann@example.COM"))

    assert clash.value.field == "email"


async def test_a_username_taken_in_another_case_is_already_exists_username(
    db: SqlDatabase,
) -> None:
    async with db.unit_of_work() as uow:
        await uow.users.add(a_user(username="Ann"))
        await uow.commit()

    with pytest.raises(AlreadyExists) as clash:
        async with db.unit_of_work() as uow:
            await uow.users.add(a_user(username="aNN"))

    assert clash.value.field == "username"


async def test_saving_a_user_with_anothers_email_is_already_exists_email(
    db: SqlDatabase,
) -> None:
    ann, bob = a_user(email="ann@example.com"), a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(ann)
        await uow.users.add(bob)
        await uow.commit()

    bob.update(now=CLOCK.now(), email=Email("ANN@example.com"), username=Username("bobby"))
    with pytest.raises(AlreadyExists) as clash:
        async with db.unit_of_work() as uow:
            await uow.users.save(bob)

    assert clash.value.field == "email"


async def test_a_taken_slug_is_already_exists_slug_on_add_and_on_save(db: SqlDatabase) -> None:
    author = a_user()
    first = an_article(author_id=author.id, title="Same Title")
    other = an_article(author_id=author.id, title="Other Title")
    async with db.unit_of_work() as uow:
        await uow.users.add(author)
        await uow.articles.add(first)
        await uow.articles.add(other)
        await uow.commit()

    duplicate = an_article(author_id=author.id, title="Same Title")
    with pytest.raises(AlreadyExists) as on_add:
        async with db.unit_of_work() as uow:
            await uow.articles.add(duplicate)
    other.slug = Slug(first.slug.value)
    with pytest.raises(AlreadyExists) as on_save:
        async with db.unit_of_work() as uow:
            await uow.articles.save(other)

    assert on_add.value.field == "slug"
    assert on_save.value.field == "slug"


async def test_a_primary_key_clash_is_named_but_not_mistaken_for_a_domain_clash(
    db: SqlDatabase,
) -> None:
    ann, bob = a_user(), a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(ann)
        await uow.users.add(bob)
        await uow.commit()
    row = {"follower_id": ann.id, "followee_id": bob.id}

    with pytest.raises(IntegrityError) as raw:
        async with db.engine.begin() as connection:
            await connection.execute(insert(user_follow), [row, row])

    assert constraint_name(raw.value) == "user_follow_pkey"


async def test_a_favorite_or_comment_on_a_vanished_article_is_not_found(
    db: SqlDatabase,
) -> None:
    user = a_user()
    async with db.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()
    gone = new_article_id()

    with pytest.raises(NotFound):
        async with db.unit_of_work() as uow:
            await uow.favorites.add(user.id, gone)
    with pytest.raises(NotFound):
        async with db.unit_of_work() as uow:
            await uow.comments.add(
                NewComment(
                    article_id=gone,
                    author_id=user.id,
                    body=CommentBody("Hello"),
                    created_at=CLOCK.now(),
                )
            )


async def test_a_failed_unit_of_work_leaves_nothing_behind(db: SqlDatabase) -> None:
    ann = a_user(username="ann")

    async def add_ann_twice() -> None:
        async with db.unit_of_work() as uow:
            await uow.users.add(ann)
            await uow.users.add(a_user(username="ANN"))
            await uow.commit()

    with pytest.raises(AlreadyExists):
        await add_ann_twice()

    async with db.unit_of_work() as uow:
        assert await uow.users.by_id(ann.id) is None
