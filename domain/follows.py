"""Follows: who reads whom.

Following and unfollowing are idempotent, and only the store knows whether a follow already
exists, so the use case tells the ``Follow`` what the store did and the follow records the event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import InvalidInput
from domain.events import DomainEvent, RecordsEvents, UserFollowed, UserUnfollowed
from domain.ids import UserId


@dataclass(slots=True, kw_only=True, eq=False)
class Follow(RecordsEvents):
    follower_id: UserId
    followee_id: UserId
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def requested(cls, *, follower_id: UserId, followee_id: UserId) -> Follow:
        """A follow someone asks to start; nobody may follow themselves (ending a follow needs no
        rule, so unfollowing builds a ``Follow`` directly)."""
        if follower_id == followee_id:
            raise InvalidInput.field("followee", "cannot follow yourself")
        return cls(follower_id=follower_id, followee_id=followee_id)

    def started(self, *, now: datetime) -> None:
        """Record that the store has just added this follow (it did not exist before)."""
        self.events.append(
            UserFollowed(
                occurred_at=now, follower_id=self.follower_id, followee_id=self.followee_id
            )
        )

    def ended(self, *, now: datetime) -> None:
        """Record that the store has just removed this follow (it existed before)."""
        self.events.append(
            UserUnfollowed(
                occurred_at=now, follower_id=self.follower_id, followee_id=self.followee_id
            )
        )
