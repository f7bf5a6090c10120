"""Favorites: a user marking an article they like.

Favoriting and unfavoriting are idempotent, and only the store knows whether a favorite already
exists, so the use case tells the ``Favorite`` what the store did and the favorite records the
event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.events import ArticleFavorited, ArticleUnfavorited, DomainEvent, RecordsEvents
from domain.ids import ArticleId, UserId


@dataclass(slots=True, kw_only=True, eq=False)
class Favorite(RecordsEvents):
    user_id: UserId
    article_id: ArticleId
    events: list[DomainEvent] = field(default_factory=list)

    def added(self, *, now: datetime) -> None:
        """Record that the store has just added this favorite (it did not exist before)."""
        self.events.append(
            ArticleFavorited(occurred_at=now, article_id=self.article_id, user_id=self.user_id)
        )

    def removed(self, *, now: datetime) -> None:
        """Record that the store has just removed this favorite (it existed before)."""
        self.events.append(
            ArticleUnfavorited(occurred_at=now, article_id=self.article_id, user_id=self.user_id)
        )
