"""Comments: add, list (auth optional) and delete one's own."""

from __future__ import annotations

import pytest

from tests.api.conduit import TIMESTAMP, Conduit, auth, errors_of


async def test_add_comment_answers_the_comment_with_its_author(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]

    response = await conduit.client.post(
        f"/api/articles/{slug}/comments",
        json={"comment": {"body": "Thank you so much!"}},
        headers=reader.headers,
    )

    assert response.status_code == 200  # as the RealWorld spec says (not 201)
    comment = response.json()["comment"]
    assert set(comment) == {"id", "body", "createdAt", "updatedAt", "author"}
    assert isinstance(comment["id"], int)
    assert comment["body"] == "Thank you so much!"
    assert TIMESTAMP.fullmatch(comment["createdAt"])
    assert comment["author"] == {
        "username": reader.username,
        "bio": "",
        "image": "",
        "following": False,
    }


async def test_add_comment_errors_write_nothing(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    path = f"/api/articles/{slug}/comments"

    anonymous = await conduit.client.post(path, json={"comment": {"body": "hi"}})
    blank = await conduit.client.post(
        path, json={"comment": {"body": "  "}}, headers=author.headers
    )
    no_envelope = await conduit.client.post(path, json={"body": "hi"}, headers=author.headers)
    unknown = await conduit.client.post(
        "/api/articles/nope/comments", json={"comment": {"body": "hi"}}, headers=author.headers
    )

    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (blank.status_code, errors_of(blank)) == (422, {"body": ["can't be blank"]})
    assert (no_envelope.status_code, errors_of(no_envelope)) == (422, {"comment": ["is missing"]})
    assert (unknown.status_code, errors_of(unknown)) == (404, {"article": ["not found"]})
    assert await conduit.get_json(path) == {"comments": []}


async def test_list_comments_is_oldest_first_for_anyone(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    first = await conduit.comment(reader, slug, "first")
    second = await conduit.comment(author, slug, "second")

    anonymous = await conduit.get_json(f"/api/articles/{slug}/comments")

    assert anonymous == {"comments": [first, second]}


async def test_list_comments_shows_following_for_the_viewer(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    await conduit.comment(author, slug)
    await conduit.follow(reader, author.username)

    body = await conduit.get_json(f"/api/articles/{slug}/comments", reader)

    assert body["comments"][0]["author"]["following"] is True


async def test_list_comments_errors(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]

    unknown = await conduit.client.get("/api/articles/nope/comments")
    forged = await conduit.client.get(f"/api/articles/{slug}/comments", headers=auth("f.o.o"))

    assert (unknown.status_code, errors_of(unknown)) == (404, {"article": ["not found"]})
    assert (forged.status_code, errors_of(forged)) == (401, {"token": ["is invalid or expired"]})


async def test_delete_comment_answers_204_and_it_is_gone(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    kept = await conduit.comment(author, slug, "kept")
    doomed = await conduit.comment(author, slug, "doomed")

    response = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{doomed['id']}", headers=author.headers
    )

    assert (response.status_code, response.content) == (204, b"")
    assert await conduit.get_json(f"/api/articles/{slug}/comments") == {"comments": [kept]}


async def test_delete_someone_elses_comment_is_403_and_keeps_it(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    comment = await conduit.comment(reader, slug)

    response = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{comment['id']}", headers=author.headers
    )

    assert response.status_code == 403
    assert errors_of(response) == {"forbidden": ["only the author may delete this comment"]}
    assert await conduit.get_json(f"/api/articles/{slug}/comments") == {"comments": [comment]}


async def test_delete_comment_of_another_article_or_unknown_is_404(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    elsewhere = (await conduit.create_article(author))["slug"]
    comment = await conduit.comment(author, elsewhere)

    wrong_article = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{comment['id']}", headers=author.headers
    )
    unknown_id = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{comment['id'] + 1000}", headers=author.headers
    )
    unknown_article = await conduit.client.delete(
        f"/api/articles/nope/comments/{comment['id']}", headers=author.headers
    )

    for response in (wrong_article, unknown_id):
        assert (response.status_code, errors_of(response)) == (404, {"comment": ["not found"]})
    assert unknown_article.status_code == 404
    assert errors_of(unknown_article) == {"article": ["not found"]}
    remaining = await conduit.get_json(f"/api/articles/{elsewhere}/comments")
    assert remaining == {"comments": [comment]}


@pytest.mark.parametrize(
    ("comment_id", "errors"),
    [
        ("abc", {"id": ["must be an integer"]}),
        ("1.5", {"id": ["must be an integer"]}),
        ("0", {"id": ["must be greater than or equal to 1"]}),
        ("-3", {"id": ["must be greater than or equal to 1"]}),
        ("9223372036854775808", {"id": ["must be less than or equal to 9223372036854775807"]}),
    ],
)
async def test_delete_comment_with_a_bad_id_is_422(
    conduit: Conduit, comment_id: str, errors: dict[str, list[str]]
) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]

    response = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{comment_id}", headers=author.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == errors


async def test_delete_comment_without_a_token_is_401_and_keeps_it(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    comment = await conduit.comment(author, slug)

    response = await conduit.client.delete(f"/api/articles/{slug}/comments/{comment['id']}")

    assert (response.status_code, errors_of(response)) == (401, {"token": ["is missing"]})
    assert await conduit.get_json(f"/api/articles/{slug}/comments") == {"comments": [comment]}
