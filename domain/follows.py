"""Follows: who reads whom."""

from __future__ import annotations

from domain.errors import InvalidInput
from domain.ids import UserId


def ensure_can_follow(follower_id: UserId, followee_id: UserId) -> None:
    if follower_id == followee_id:
        raise InvalidInput.field("username", "cannot follow yourself")
