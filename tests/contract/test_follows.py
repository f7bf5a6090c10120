"""FollowRepository and the ``following`` flag of profiles."""

from __future__ import annotations

import pytest

from application.ports import Persistence
from domain.errors import NotFound
from domain.users import Bio, ImageUrl
from tests.contract._helpers import stored_user, stored_users
from tests.factories import CLOCK, a_user


async def test_following_is_new_once_then_idempotent(db: Persistence) -> None:
    ann, bob = await stored_users(db, 2)
    async with db.unit_of_work() as uow:
        assert await uow.follows.exists(ann.id, bob.id) is False
        assert await uow.follows.add(ann.id, bob.id) is True
        assert await uow.follows.add(ann.id, bob.id) is False
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.follows.add(ann.id, bob.id) is False
        assert await uow.follows.exists(ann.id, bob.id) is True


async def test_a_follow_goes_one_way(db: Persistence) -> None:
    ann, bob = await stored_users(db, 2)
    async with db.unit_of_work() as uow:
        await uow.follows.add(ann.id, bob.id)
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.follows.exists(bob.id, ann.id) is False


async def test_unfollowing_removes_once_then_is_idempotent(db: Persistence) -> None:
    ann, bob, cid = await stored_users(db, 3)
    async with db.unit_of_work() as uow:
        await uow.follows.add(ann.id, bob.id)
        await uow.follows.add(cid.id, bob.id)
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.follows.remove(ann.id, bob.id) is True
        assert await uow.follows.remove(ann.id, bob.id) is False
        await uow.commit()
    async with db.unit_of_work() as uow:
        assert await uow.follows.exists(ann.id, bob.id) is False
        assert await uow.follows.exists(cid.id, bob.id) is True  # someone else's follow stays
        assert await uow.follows.remove(bob.id, ann.id) is False


async def test_profile_shows_following_only_to_a_follower(db: Persistence) -> None:
    ann, bob, cid = await stored_users(db, 3)
    async with db.unit_of_work() as uow:
        await uow.follows.add(ann.id, bob.id)
        await uow.commit()
    name = bob.username.value
    for_follower = await db.reads.profile(name, ann.id)
    for_other = await db.reads.profile(name, cid.id)
    for_anonymous = await db.reads.profile(name, None)
    for_self = await db.reads.profile(name, bob.id)
    assert for_follower is not None
    assert for_follower.following is True
    assert for_other is not None
    assert for_other.following is False
    assert for_anonymous is not None
    assert for_anonymous.following is False
    assert for_self is not None
    assert for_self.following is False


async def test_profile_is_found_case_insensitively_with_bio_and_image(db: Persistence) -> None:
    user = await stored_user(db, username="Writer")
    user.update(now=CLOCK.now(), bio=Bio("I write."), image=ImageUrl("https://img.example.com/w"))
    async with db.unit_of_work() as uow:
        await uow.users.save(user)
        await uow.commit()
    profile = await db.reads.profile("wRITER", None)
    assert profile is not None
    assert profile.username == "Writer"
    assert profile.bio == "I write."
    assert profile.image == "https://img.example.com/w"
    assert profile.following is False
    assert await db.reads.profile("nobody", None) is None


async def test_following_an_unknown_user_raises_not_found_and_stores_nothing(
    db: Persistence,
) -> None:
    ann = await stored_user(db)
    ghost = a_user()
    with pytest.raises(NotFound):
        async with db.unit_of_work() as uow:
            await uow.follows.add(ann.id, ghost.id)
    async with db.unit_of_work() as uow:
        assert await uow.follows.exists(ann.id, ghost.id) is False
