"""Follows: who may follow whom, and the events starting and ending a follow record."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput
from domain.events import UserFollowed, UserUnfollowed
from domain.follows import Follow
from domain.ids import new_user_id
from tests.support.clock import TestClock


def test_a_user_may_ask_to_follow_someone_else_and_nothing_is_recorded_yet() -> None:
    follower, followee = new_user_id(), new_user_id()
    follow = Follow.requested(follower_id=follower, followee_id=followee)
    assert (follow.follower_id, follow.followee_id) == (follower, followee)
    assert follow.events == []


def test_a_user_cannot_follow_themselves_keyed_on_the_followee() -> None:
    me = new_user_id()
    with pytest.raises(InvalidInput) as caught:
        Follow.requested(follower_id=me, followee_id=me)
    assert caught.value.errors == {"followee": ("cannot follow yourself",)}


def test_a_started_follow_records_user_followed() -> None:
    follow = Follow.requested(follower_id=new_user_id(), followee_id=new_user_id())
    now = TestClock().now()
    follow.started(now=now)
    [event] = follow.pull_events()
    assert isinstance(event, UserFollowed)
    assert (event.follower_id, event.followee_id, event.occurred_at) == (
        follow.follower_id,
        follow.followee_id,
        now,
    )
    assert follow.pull_events() == []


def test_an_ended_follow_records_user_unfollowed() -> None:
    follow = Follow(follower_id=new_user_id(), followee_id=new_user_id())
    now = TestClock().now()
    follow.ended(now=now)
    [event] = follow.pull_events()
    assert isinstance(event, UserUnfollowed)
    assert (event.follower_id, event.followee_id, event.occurred_at) == (
        follow.follower_id,
        follow.followee_id,
        now,
    )
