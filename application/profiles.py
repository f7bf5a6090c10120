"""Profiles: read one, follow and unfollow its user."""

from __future__ import annotations

from application.ports import Clock, ReadModel, UnitOfWork, UnitOfWorkFactory
from application.views import ProfileView
from domain.errors import NotFound
from domain.follows import Follow
from domain.ids import UserId
from domain.users import User


class Profiles:
    def __init__(self, *, uow: UnitOfWorkFactory, reads: ReadModel, clock: Clock) -> None:
        self._uow, self._reads, self._clock = uow, reads, clock

    async def get(self, username: str, viewer: UserId | None) -> ProfileView:
        view = await self._reads.profile(username, viewer)
        if view is None:
            raise NotFound("profile", username)
        return view

    async def follow(self, viewer: UserId, username: str) -> ProfileView:
        async with self._uow() as uow:
            followee = await _user(uow, username)
            follow = Follow.requested(follower_id=viewer, followee_id=followee.id)
            if await uow.follows.add(follow.follower_id, follow.followee_id):
                follow.started(now=self._clock.now())
            await uow.outbox.add(follow.pull_events())
            view = await _profile(uow, followee, viewer)
            await uow.commit()
        return view

    async def unfollow(self, viewer: UserId, username: str) -> ProfileView:
        async with self._uow() as uow:
            followee = await _user(uow, username)
            follow = Follow(follower_id=viewer, followee_id=followee.id)
            if await uow.follows.remove(follow.follower_id, follow.followee_id):
                follow.ended(now=self._clock.now())
            await uow.outbox.add(follow.pull_events())
            view = await _profile(uow, followee, viewer)
            await uow.commit()
        return view


async def _user(uow: UnitOfWork, username: str) -> User:
    user = await uow.users.by_username(username)
    if user is None:
        raise NotFound("profile", username)
    return user


async def _profile(uow: UnitOfWork, user: User, viewer: UserId) -> ProfileView:
    view = await uow.reads.profile(user.username.value, viewer)
    if view is None:  # pragma: no cover - read in this very transaction
        raise NotFound("profile", user.username.value)
    return view
