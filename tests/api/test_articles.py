"""One article: create, read, update, delete, favorite and unfavorite."""

from __future__ import annotations

import pytest

from tests.api.conduit import TIMESTAMP, Conduit, auth, errors_of
from tests.factories import unique_title

NEW_ARTICLE = {
    "title": "How to train your dragon",
    "description": "Ever wonder how?",
    "body": "Very carefully.",
    "tagList": ["training", "dragons"],
}


async def articles_count(conduit: Conduit) -> int:
    count: int = (await conduit.get_json("/api/articles"))["articlesCount"]
    return count


# --- create -------------------------------------------------------------------------------------
async def test_create_article_answers_201_with_the_whole_article(conduit: Conduit) -> None:
    author = await conduit.register()
    response = await conduit.client.post(
        "/api/articles", json={"article": NEW_ARTICLE}, headers=author.headers
    )

    assert response.status_code == 201
    article = response.json()["article"]
    assert article["slug"] == "how-to-train-your-dragon"
    assert {k: article[k] for k in ("title", "description", "body")} == {
        k: NEW_ARTICLE[k] for k in ("title", "description", "body")
    }
    assert article["tagList"] == ["dragons", "training"]  # alphabetical, as the suite expects
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert article["author"] == {
        "username": author.username,
        "bio": "",
        "image": "",
        "following": False,
    }
    assert TIMESTAMP.fullmatch(article["createdAt"])
    assert article["updatedAt"] == article["createdAt"]


async def test_the_same_title_twice_gives_two_slugs(conduit: Conduit) -> None:
    author = await conduit.register()
    title = unique_title()
    first = await conduit.create_article(author, title=title)
    second = await conduit.create_article(author, title=title)

    assert first["slug"] != second["slug"]
    assert second["slug"].startswith(first["slug"])


async def test_create_article_without_a_token_is_401_and_creates_nothing(
    conduit: Conduit,
) -> None:
    response = await conduit.client.post("/api/articles", json={"article": NEW_ARTICLE})

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is missing"]}
    assert await articles_count(conduit) == 0


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"title": None}, {"title": ["must be a string"]}),
        ({"title": "   "}, {"title": ["can't be blank"]}),
        ({"body": ""}, {"body": ["can't be blank"]}),
        ({"tagList": "dragons"}, {"tagList": ["must be a list"]}),
        ({"tagList": [f"tag{i}" for i in range(11)]}, {"tagList": []}),
        ({"description": "x" * 1001}, {"description": []}),
    ],
)
async def test_create_article_with_invalid_fields_is_422_and_creates_nothing(
    conduit: Conduit, changes: dict[str, object], errors: dict[str, list[str]]
) -> None:
    author = await conduit.register()
    response = await conduit.client.post(
        "/api/articles", json={"article": {**NEW_ARTICLE, **changes}}, headers=author.headers
    )

    assert response.status_code == 422
    found = errors_of(response)
    assert set(found) == set(errors)
    for field, messages in errors.items():
        assert not messages or found[field] == messages
    assert await articles_count(conduit) == 0


async def test_create_article_without_required_fields_is_422_naming_them(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    response = await conduit.client.post(
        "/api/articles", json={"article": {"tagList": []}}, headers=author.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == {
        "title": ["is missing"],
        "description": ["is missing"],
        "body": ["is missing"],
    }


# --- read ---------------------------------------------------------------------------------------
async def test_get_article_answers_it_with_its_body_to_anyone(conduit: Conduit) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author)

    body = await conduit.get_json(f"/api/articles/{created['slug']}")

    assert body == {"article": created}


async def test_get_article_shows_favorited_and_following_for_the_viewer(
    conduit: Conduit,
) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    await conduit.favorite(reader, slug)
    await conduit.follow(reader, author.username)

    article = (await conduit.get_json(f"/api/articles/{slug}", reader))["article"]

    assert (article["favorited"], article["favoritesCount"]) == (True, 1)
    assert article["author"]["following"] is True


async def test_get_unknown_article_is_404(conduit: Conduit) -> None:
    response = await conduit.client.get("/api/articles/no-such-article")

    assert response.status_code == 404
    assert errors_of(response) == {"article": ["not found"]}


async def test_get_article_with_a_forged_token_is_401(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    response = await conduit.client.get(f"/api/articles/{slug}", headers=auth("a.b.c"))

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid or expired"]}


# --- update -------------------------------------------------------------------------------------
async def test_update_article_body_keeps_title_and_slug(conduit: Conduit) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author)

    response = await conduit.client.put(
        f"/api/articles/{created['slug']}",
        json={"article": {"body": "With two hands"}},
        headers=author.headers,
    )

    assert response.status_code == 200
    article = response.json()["article"]
    assert (article["slug"], article["title"], article["body"]) == (
        created["slug"],
        created["title"],
        "With two hands",
    )
    assert article["updatedAt"] >= created["updatedAt"]
    assert article["createdAt"] == created["createdAt"]


async def test_update_article_title_gives_a_new_slug_and_the_old_one_is_gone(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author)

    response = await conduit.client.put(
        f"/api/articles/{created['slug']}",
        json={"article": {"title": "A Completely New Title", "tagList": ["b", "a"]}},
        headers=author.headers,
    )

    assert response.status_code == 200
    article = response.json()["article"]
    assert (article["slug"], article["tagList"]) == ("a-completely-new-title", ["a", "b"])
    assert (await conduit.client.get(f"/api/articles/{created['slug']}")).status_code == 404
    assert (await conduit.client.get("/api/articles/a-completely-new-title")).status_code == 200


async def test_update_article_by_someone_else_is_403_and_changes_nothing(
    conduit: Conduit,
) -> None:
    author, other = await conduit.register(), await conduit.register()
    created = await conduit.create_article(author)

    response = await conduit.client.put(
        f"/api/articles/{created['slug']}",
        json={"article": {"body": "Hijacked"}},
        headers=other.headers,
    )

    assert response.status_code == 403
    assert errors_of(response) == {"forbidden": ["only the author may edit this article"]}
    assert (await conduit.get_json(f"/api/articles/{created['slug']}"))["article"] == created


async def test_update_article_errors(conduit: Conduit) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author)
    path = f"/api/articles/{created['slug']}"

    unknown = await conduit.client.put(
        "/api/articles/nope", json={"article": {"body": "x"}}, headers=author.headers
    )
    anonymous = await conduit.client.put(path, json={"article": {"body": "x"}})
    null_title = await conduit.client.put(
        path, json={"article": {"title": None}}, headers=author.headers
    )
    no_envelope = await conduit.client.put(path, json={"body": "x"}, headers=author.headers)

    assert (unknown.status_code, errors_of(unknown)) == (404, {"article": ["not found"]})
    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (null_title.status_code, errors_of(null_title)) == (422, {"title": ["must be a string"]})
    assert (no_envelope.status_code, errors_of(no_envelope)) == (422, {"article": ["is missing"]})
    assert (await conduit.get_json(path))["article"] == created


# --- delete -------------------------------------------------------------------------------------
async def test_delete_article_answers_204_and_it_is_gone(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    await conduit.comment(reader, slug)
    await conduit.favorite(reader, slug)

    response = await conduit.client.delete(f"/api/articles/{slug}", headers=author.headers)

    assert (response.status_code, response.content) == (204, b"")
    assert (await conduit.client.get(f"/api/articles/{slug}")).status_code == 404
    assert (await conduit.client.get(f"/api/articles/{slug}/comments")).status_code == 404
    assert await articles_count(conduit) == 0


async def test_delete_article_by_someone_else_is_403_and_keeps_it(conduit: Conduit) -> None:
    author, other = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]

    response = await conduit.client.delete(f"/api/articles/{slug}", headers=other.headers)

    assert response.status_code == 403
    assert errors_of(response) == {"forbidden": ["only the author may delete this article"]}
    assert (await conduit.client.get(f"/api/articles/{slug}")).status_code == 200


async def test_delete_article_needs_a_token_and_an_existing_article(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]

    anonymous = await conduit.client.delete(f"/api/articles/{slug}")
    unknown = await conduit.client.delete("/api/articles/nope", headers=author.headers)

    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (unknown.status_code, errors_of(unknown)) == (404, {"article": ["not found"]})
    assert await articles_count(conduit) == 1


async def test_an_article_titled_feed_stays_reachable_beside_the_feed(conduit: Conduit) -> None:
    author = await conduit.register()

    created = await conduit.create_article(author, title="Feed")
    found = await conduit.client.get(f"/api/articles/{created['slug']}")

    assert created["slug"] != "feed"
    assert created["slug"].startswith("feed-")
    assert found.status_code == 200
    assert found.json()["article"]["title"] == "Feed"
