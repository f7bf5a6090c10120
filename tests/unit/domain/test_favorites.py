"""Favorites: the events adding and removing one record."""

from __future__ import annotations

import uuid

from domain.events import ArticleFavorited, ArticleUnfavorited
from domain.favorites import Favorite
from domain.ids import ArticleId, new_user_id
from tests.support.clock import TestClock


def a_favorite() -> Favorite:
    return Favorite(user_id=new_user_id(), article_id=ArticleId(uuid.uuid4()))


def test_an_added_favorite_records_article_favorited() -> None:
    favorite, now = a_favorite(), TestClock().now()
    favorite.added(now=now)
    [event] = favorite.pull_events()
    assert isinstance(event, ArticleFavorited)
    assert (event.article_id, event.user_id, event.occurred_at) == (
        favorite.article_id,
        favorite.user_id,
        now,
    )
    assert favorite.pull_events() == []


def test_a_removed_favorite_records_article_unfavorited() -> None:
    favorite, now = a_favorite(), TestClock().now()
    favorite.removed(now=now)
    [event] = favorite.pull_events()
    assert isinstance(event, ArticleUnfavorited)
    assert (event.article_id, event.user_id, event.occurred_at) == (
        favorite.article_id,
        favorite.user_id,
        now,
    )
