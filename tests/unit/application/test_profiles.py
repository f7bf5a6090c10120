"""Profiles: reading one, following and unfollowing its user, and the events that records."""

from __future__ import annotations

import pytest

from application.users import AccountChanges
from domain.errors import InvalidInput, NotFound
from domain.events import UserFollowed, UserUnfollowed
from tests.unit.application.harness import App, Member


async def test_a_profile_shows_username_bio_and_image(app: App, ann: Member) -> None:
    await app.users.update(ann.id, AccountChanges(bio="Hi", image="https://x.example/a.png"))
    profile = await app.profiles.get(ann.username, viewer=None)
    assert (profile.username, profile.bio, profile.image, profile.following) == (
        ann.username,
        "Hi",
        "https://x.example/a.png",
        False,
    )


async def test_a_profile_is_found_whatever_the_case_of_the_username(app: App, ann: Member) -> None:
    profile = await app.profiles.get(ann.username.upper(), viewer=None)
    assert profile.username == ann.username


async def test_an_unknown_profile_is_not_found(app: App) -> None:
    with pytest.raises(NotFound):
        await app.profiles.get("nobody", viewer=None)


async def test_following_shows_on_the_profile_for_the_follower_only(
    app: App, ann: Member, bob: Member
) -> None:
    profile = await app.profiles.follow(ann.id, bob.username)
    assert (profile.username, profile.following) == (bob.username, True)
    assert (await app.profiles.get(bob.username, viewer=ann.id)).following
    assert not (await app.profiles.get(bob.username, viewer=None)).following
    assert not (await app.profiles.get(ann.username, viewer=bob.id)).following


async def test_following_records_a_user_followed_event(app: App, ann: Member, bob: Member) -> None:
    await app.profiles.follow(ann.id, bob.username)
    [event] = app.events_of(UserFollowed)
    assert (event.follower_id, event.followee_id) == (ann.id, bob.id)


async def test_following_twice_is_idempotent_and_records_one_event(
    app: App, ann: Member, bob: Member
) -> None:
    await app.profiles.follow(ann.id, bob.username)
    again = await app.profiles.follow(ann.id, bob.username)
    assert again.following
    assert len(app.events_of(UserFollowed)) == 1


async def test_following_an_unknown_user_is_not_found(app: App, ann: Member) -> None:
    with pytest.raises(NotFound):
        await app.profiles.follow(ann.id, "nobody")
    assert app.events_of(UserFollowed) == []


async def test_following_yourself_is_invalid_and_records_nothing(app: App, ann: Member) -> None:
    with pytest.raises(InvalidInput) as caught:
        await app.profiles.follow(ann.id, ann.username.upper())
    assert caught.value.errors == {"followee": ("cannot follow yourself",)}
    assert app.events_of(UserFollowed) == []
    assert not (await app.profiles.get(ann.username, viewer=ann.id)).following


async def test_unfollowing_ends_the_follow_and_records_an_event(
    app: App, ann: Member, bob: Member
) -> None:
    await app.profiles.follow(ann.id, bob.username)
    profile = await app.profiles.unfollow(ann.id, bob.username)
    assert (profile.username, profile.following) == (bob.username, False)
    assert not (await app.profiles.get(bob.username, viewer=ann.id)).following
    [event] = app.events_of(UserUnfollowed)
    assert (event.follower_id, event.followee_id) == (ann.id, bob.id)


async def test_unfollowing_someone_not_followed_records_nothing(
    app: App, ann: Member, bob: Member
) -> None:
    profile = await app.profiles.unfollow(ann.id, bob.username)
    assert not profile.following
    assert app.events_of(UserUnfollowed) == []


async def test_unfollowing_an_unknown_user_is_not_found(app: App, ann: Member) -> None:
    with pytest.raises(NotFound):
        await app.profiles.unfollow(ann.id, "nobody")


async def test_one_users_follow_does_not_touch_anothers(app: App, ann: Member, bob: Member) -> None:
    carol = await app.member()
    await app.profiles.follow(ann.id, carol.username)
    await app.profiles.follow(bob.id, carol.username)
    await app.profiles.unfollow(ann.id, carol.username)
    assert (await app.profiles.get(carol.username, viewer=bob.id)).following
