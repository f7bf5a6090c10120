"""Article lists, the feed and the tag list: order, filters, paging and counts."""

from __future__ import annotations

import pytest
from fastapi import FastAPI

from application.ports import ArticleFilter
from domain.paging import PageRequest
from entrypoints.api.state import UseCases
from tests.api.conduit import TIMESTAMP, Account, Conduit, auth, errors_of
from tests.factories import a_new_article, unique

LIST_FIELDS = {
    "slug",
    "title",
    "description",
    "tagList",
    "createdAt",
    "updatedAt",
    "favorited",
    "favoritesCount",
    "author",
}


async def seed_articles(app: FastAPI, author: Account, count: int) -> None:
    """Publish ``count`` articles straight through the use case (much faster than HTTP)."""
    use_cases: UseCases = app.state.use_cases
    author_id = use_cases.users.authenticate(author.token)
    for _ in range(count):
        await use_cases.articles.create(author_id, a_new_article())


async def test_list_articles_is_newest_first_without_bodies(conduit: Conduit) -> None:
    author = await conduit.register()
    slugs = [(await conduit.create_article(author))["slug"] for _ in range(3)]

    body = await conduit.get_json("/api/articles")

    assert [a["slug"] for a in body["articles"]] == slugs[::-1]
    assert body["articlesCount"] == 3
    for article in body["articles"]:
        assert set(article) == LIST_FIELDS  # no body in lists
        assert TIMESTAMP.fullmatch(article["createdAt"])
        assert TIMESTAMP.fullmatch(article["updatedAt"])


async def test_articles_count_is_the_total_not_the_page_length(conduit: Conduit) -> None:
    author = await conduit.register()
    slugs = [(await conduit.create_article(author))["slug"] for _ in range(5)]

    first = await conduit.get_json("/api/articles", limit=2)
    last = await conduit.get_json("/api/articles", limit=2, offset=4)
    beyond = await conduit.get_json("/api/articles", offset=10)

    assert ([a["slug"] for a in first["articles"]], first["articlesCount"]) == (slugs[:2:-1], 5)
    assert ([a["slug"] for a in last["articles"]], last["articlesCount"]) == ([slugs[0]], 5)
    assert (beyond["articles"], beyond["articlesCount"]) == ([], 5)


async def test_list_filters_by_tag_author_and_favorited(conduit: Conduit) -> None:
    ann, bob = await conduit.register(), await conduit.register()
    tag = unique("tag")
    tagged = (await conduit.create_article(ann, tags=[tag]))["slug"]
    by_bob = (await conduit.create_article(bob))["slug"]
    await conduit.create_article(ann)
    await conduit.favorite(bob, tagged)

    by_tag = await conduit.get_json("/api/articles", tag=tag)
    by_author = await conduit.get_json("/api/articles", author=bob.username)
    favorited = await conduit.get_json("/api/articles", favorited=bob.username)
    nobody = await conduit.get_json("/api/articles", author="nobody-at-all")

    assert ([a["slug"] for a in by_tag["articles"]], by_tag["articlesCount"]) == ([tagged], 1)
    assert [a["slug"] for a in by_author["articles"]] == [by_bob]
    assert [a["slug"] for a in favorited["articles"]] == [tagged]
    assert (nobody["articles"], nobody["articlesCount"]) == ([], 0)


async def test_list_shows_favorited_and_following_for_the_viewer(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    await conduit.favorite(reader, slug)
    await conduit.follow(reader, author.username)

    mine = (await conduit.get_json("/api/articles", reader))["articles"][0]
    anonymous = (await conduit.get_json("/api/articles"))["articles"][0]

    assert (mine["favorited"], mine["favoritesCount"], mine["author"]["following"]) == (
        True,
        1,
        True,
    )
    assert (anonymous["favorited"], anonymous["author"]["following"]) == (False, False)


async def test_limit_above_one_hundred_is_capped(app: FastAPI, conduit: Conduit) -> None:
    author = await conduit.register()
    await seed_articles(app, author, PageRequest.MAX_LIMIT + 1)

    body = await conduit.get_json("/api/articles", limit=1000)

    assert len(body["articles"]) == PageRequest.MAX_LIMIT
    assert body["articlesCount"] == PageRequest.MAX_LIMIT + 1


BAD_PAGES = [
    ("limit=-1", {"limit": ["must be greater than 0"]}),
    ("limit=0", {"limit": ["must be greater than 0"]}),
    ("limit=abc", {"limit": ["must be an integer"]}),
    ("limit=2.5", {"limit": ["must be an integer"]}),
    ("limit=", {"limit": ["must be an integer"]}),
    (
        "limit=99999999999999999999",
        {"limit": ["must be less than or equal to 9223372036854775807"]},
    ),
    ("limit=" + "9" * 5000, {"limit": ["must be an integer"]}),
    ("offset=-1", {"offset": ["must be 0 or greater"]}),
    ("offset=1e3", {"offset": ["must be an integer"]}),
    ("offset=1000000001", {"offset": ["must be at most 1000000000"]}),
    (
        "offset=9223372036854775808",
        {"offset": ["must be less than or equal to 9223372036854775807"]},
    ),
]


@pytest.mark.parametrize(("query", "errors"), BAD_PAGES, ids=[q[:20] for q, _ in BAD_PAGES])
@pytest.mark.parametrize("path", ["/api/articles", "/api/articles/feed"])
async def test_bad_limit_or_offset_is_422(
    conduit: Conduit, path: str, query: str, errors: dict[str, list[str]]
) -> None:
    reader = await conduit.register()
    response = await conduit.client.get(f"{path}?{query}", headers=reader.headers)

    assert response.status_code == 422
    assert errors_of(response) == errors


async def test_list_with_an_invalid_token_is_401_not_anonymous(conduit: Conduit) -> None:
    response = await conduit.client.get("/api/articles", headers=auth("expired.or.forged"))

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid or expired"]}


# --- feed ---------------------------------------------------------------------------------------
async def test_feed_lists_only_followed_authors_newest_first(conduit: Conduit) -> None:
    reader, followed, other = [await conduit.register() for _ in range(3)]
    await conduit.follow(reader, followed.username)
    older = (await conduit.create_article(followed))["slug"]
    await conduit.create_article(other)
    newer = (await conduit.create_article(followed))["slug"]

    body = await conduit.get_json("/api/articles/feed", reader, limit=1)

    assert [a["slug"] for a in body["articles"]] == [newer]
    assert body["articlesCount"] == 2
    assert set(body["articles"][0]) == LIST_FIELDS
    rest = await conduit.get_json("/api/articles/feed", reader, offset=1)
    assert [a["slug"] for a in rest["articles"]] == [older]
    assert rest["articles"][0]["author"]["following"] is True


async def test_feed_of_someone_following_nobody_is_empty(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    await conduit.create_article(author)

    body = await conduit.get_json("/api/articles/feed", reader)

    assert body == {"articles": [], "articlesCount": 0}


async def test_feed_needs_a_valid_token(conduit: Conduit) -> None:
    anonymous = await conduit.client.get("/api/articles/feed")
    forged = await conduit.client.get("/api/articles/feed", headers=auth("x.y.z"))

    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (forged.status_code, errors_of(forged)) == (401, {"token": ["is invalid or expired"]})


# --- tags ---------------------------------------------------------------------------------------
async def test_tags_lists_every_tag_in_use_most_used_first(conduit: Conduit) -> None:
    author = await conduit.register()
    popular, rare = unique("tag"), unique("tag")
    await conduit.create_article(author, tags=[rare, popular])
    await conduit.create_article(author, tags=[popular])

    body = await conduit.get_json("/api/tags")

    assert body == {"tags": [popular, rare]}


async def test_tags_is_empty_without_articles_and_ignores_query_noise(conduit: Conduit) -> None:
    body = await conduit.get_json("/api/tags", limit="abc")

    assert body == {"tags": []}


async def test_tags_of_a_deleted_article_are_no_longer_listed(
    app: FastAPI, conduit: Conduit
) -> None:
    author = await conduit.register()
    tag = unique("tag")
    slug = (await conduit.create_article(author, tags=[tag]))["slug"]
    await conduit.client.delete(f"/api/articles/{slug}", headers=author.headers)

    assert tag not in (await conduit.get_json("/api/tags"))["tags"]
    use_cases: UseCases = app.state.use_cases
    page = await use_cases.articles.search(ArticleFilter(tag=tag), PageRequest.of(), None)
    assert page.total == 0
