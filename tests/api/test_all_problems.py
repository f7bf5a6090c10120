"""Every problem of a request comes back in one 422: type errors found at the edge and rule errors
found by the core, together, under /api's wire names."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conduit import Conduit, errors_of


async def test_registration_reports_rule_and_type_problems_of_all_four_fields(
    conduit: Conduit,
) -> None:
    body = {"user": {"username": "a", "email": "nope", "password": "short", "bio": 123}}

    response = await conduit.client.post("/api/users", json=body)

    assert response.status_code == 422
    assert errors_of(response) == {
        "bio": ["must be a string"],
        "username": ["is too short (minimum is 3 characters)"],
        "email": ["is invalid"],
        "password": ["is too short (minimum is 8 characters)"],
    }


async def test_a_missing_required_field_is_reported_once_beside_the_rules_of_the_others(
    conduit: Conduit,
) -> None:
    response = await conduit.client.post(
        "/api/users", json={"user": {"username": "ab", "password": "long enough"}}
    )

    assert errors_of(response) == {
        "email": ["is missing"],
        "username": ["is too short (minimum is 3 characters)"],
    }


async def test_a_new_article_reports_type_errors_with_the_core_rules_under_wire_names(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    article = {"title": 5, "description": " ", "body": "fine", "tagList": ["x" * 41]}

    response = await conduit.client.post(
        "/api/articles", json={"article": article}, headers=author.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == {
        "title": ["must be a string"],
        "description": ["can't be blank"],
        "tagList": ["tag 'xxxxxxxxxxxxxxxxxxxx' is too long (maximum is 40 characters)"],
    }


async def test_an_article_edit_reports_a_bad_tag_list_type_and_a_blank_title(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author)

    response = await conduit.client.put(
        f"/api/articles/{created['slug']}",
        json={"article": {"title": "", "tagList": "python"}},
        headers=author.headers,
    )

    assert errors_of(response) == {"tagList": ["must be a list"], "title": ["can't be blank"]}
    unchanged = await conduit.get_json(f"/api/articles/{created['slug']}")
    assert unchanged["article"]["title"] == created["title"]


async def test_a_user_update_reports_a_null_email_and_a_too_long_bio(conduit: Conduit) -> None:
    account = await conduit.register()

    response = await conduit.client.put(
        "/api/user", json={"user": {"email": None, "bio": "b" * 1001}}, headers=account.headers
    )

    assert errors_of(response) == {
        "email": ["must be a string"],
        "bio": ["is too long (maximum is 1000 characters)"],
    }


async def test_a_login_reports_a_wrong_type_and_a_blank_password(conduit: Conduit) -> None:
    response = await conduit.client.post(
        "/api/users/login", json={"user": {"email": ["x"], "password": ""}}
    )

    assert errors_of(response) == {"email": ["must be a string"], "password": ["can't be blank"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"limit": "abc", "offset": "-1"},
            {"limit": ["must be an integer"], "offset": ["must be 0 or greater"]},
        ),
        (
            {"limit": "0", "offset": "2000000000"},
            {"limit": ["must be greater than 0"], "offset": ["must be at most 1000000000"]},
        ),
        (
            {"offset": "1.5", "limit": "0"},
            {"offset": ["must be an integer"], "limit": ["must be greater than 0"]},
        ),
    ],
)
async def test_a_list_query_reports_every_bad_parameter(
    conduit: Conduit, query: dict[str, str], expected: dict[str, list[str]]
) -> None:
    response = await conduit.client.get("/api/articles", params=query)

    assert response.status_code == 422
    assert errors_of(response) == expected


async def test_a_body_that_is_wrong_as_a_whole_reports_only_that(conduit: Conduit) -> None:
    wrong_envelope: Any = {"user": "jake"}

    response = await conduit.client.post("/api/users", json=wrong_envelope)

    assert errors_of(response) == {"user": ["must be a JSON object"]}


async def test_an_email_and_a_username_both_taken_are_both_reported(conduit: Conduit) -> None:
    first = await conduit.register()

    response = await conduit.client.post(
        "/api/users",
        json={"user": {"username": first.username, "email": first.email, "password": "12345678"}},
    )

    assert response.status_code == 422
    assert errors_of(response) == {
        "email": ["has already been taken"],
        "username": ["has already been taken"],
    }


@pytest.mark.parametrize("count", [11, 101])
async def test_too_many_tags_is_the_same_rule_however_many_are_sent(
    conduit: Conduit, count: int
) -> None:
    author = await conduit.register()
    article = {
        "title": "t",
        "description": "d",
        "body": "b",
        "tagList": [str(i) for i in range(count)],
    }

    response = await conduit.client.post(
        "/api/articles", json={"article": article}, headers=author.headers
    )

    assert errors_of(response) == {"tagList": ["has too many tags (maximum is 10)"]}
