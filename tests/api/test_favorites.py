"""Favorites: favorite and unfavorite an article, each reader counted once."""

from __future__ import annotations

import pytest

from tests.api.conduit import Conduit, errors_of


async def test_favorite_counts_each_reader_once(conduit: Conduit) -> None:
    author, ann, bob = [await conduit.register() for _ in range(3)]
    slug = (await conduit.create_article(author))["slug"]
    path = f"/api/articles/{slug}/favorite"

    await conduit.client.post(path, headers=ann.headers)
    again = await conduit.client.post(path, headers=ann.headers)
    by_bob = await conduit.client.post(path, headers=bob.headers)

    assert again.status_code == by_bob.status_code == 200
    assert (again.json()["article"]["favorited"], again.json()["article"]["favoritesCount"]) == (
        True,
        1,
    )
    assert by_bob.json()["article"]["favoritesCount"] == 2
    assert "body" in by_bob.json()["article"]


async def test_unfavorite_removes_only_the_callers_favorite(conduit: Conduit) -> None:
    author, ann, bob = [await conduit.register() for _ in range(3)]
    slug = (await conduit.create_article(author))["slug"]
    await conduit.favorite(ann, slug)
    await conduit.favorite(bob, slug)

    response = await conduit.client.delete(f"/api/articles/{slug}/favorite", headers=ann.headers)
    again = await conduit.client.delete(f"/api/articles/{slug}/favorite", headers=ann.headers)

    assert response.status_code == again.status_code == 200
    article = again.json()["article"]
    assert (article["favorited"], article["favoritesCount"]) == (False, 1)


@pytest.mark.parametrize("method", ["POST", "DELETE"])
async def test_favorite_and_unfavorite_need_a_token_and_an_existing_article(
    conduit: Conduit, method: str
) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]

    anonymous = await conduit.client.request(method, f"/api/articles/{slug}/favorite")
    unknown = await conduit.client.request(
        method, "/api/articles/nope/favorite", headers=author.headers
    )

    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (unknown.status_code, errors_of(unknown)) == (404, {"article": ["not found"]})
    article = (await conduit.get_json(f"/api/articles/{slug}"))["article"]
    assert article["favoritesCount"] == 0
