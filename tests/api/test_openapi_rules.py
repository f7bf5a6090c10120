"""The OpenAPI document states the core's real rules: the limits are the domain's constants, the
patterns accept exactly what the domain accepts, query bounds are the page rules, and every request
body has an example the service itself accepts. pydantic enforces none of them at the edge (the
core reports each broken rule once)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from domain.articles import Body, Description, Tags, Title
from domain.comments import CommentBody
from domain.errors import InvalidInput
from domain.paging import PageRequest
from domain.users import Bio, Email, ImageUrl, Password, Username
from tests.api.conduit import Conduit, errors_of

Json = dict[str, Any]


@pytest.fixture
def db_kind() -> str:
    return "memory"


@pytest.fixture
async def schemas(conduit: Conduit) -> Json:
    document = await conduit.get_json("/openapi.json")
    found: Json = document["components"]["schemas"]
    return found


def string_of(prop: Json) -> Json:
    """The string branch of a property that may also be ``null``."""
    for branch in prop.get("anyOf", [prop]):
        if branch.get("type") in {"string", "array"}:
            found: Json = branch
            return found
    raise AssertionError(prop)


def bounds(prop: Json) -> tuple[int | None, int | None]:
    branch = string_of(prop)
    if branch["type"] == "array":
        return None, branch["maxItems"]
    return branch.get("minLength"), branch["maxLength"]


def test_published_limits_are_the_domains_constants(schemas: Json) -> None:
    def props(name: str) -> Json:
        found: Json = schemas[name]["properties"]
        return found

    for model in ("NewUser", "UpdateUser"):
        fields = props(model)
        assert bounds(fields["username"]) == (Username.MIN, Username.MAX), model
        assert bounds(fields["email"])[1] == Email.MAX, model
        assert bounds(fields["password"]) == (Password.MIN, Password.MAX), model
    assert bounds(props("UpdateUser")["bio"]) == (None, Bio.MAX)
    assert bounds(props("UpdateUser")["image"]) == (None, ImageUrl.MAX)
    for model in ("NewArticleBody", "UpdateArticleBody"):
        fields = props(model)
        assert bounds(fields["title"]) == (1, Title.MAX), model
        assert bounds(fields["description"]) == (1, Description.MAX), model
        assert bounds(fields["body"]) == (1, Body.MAX), model
        assert bounds(fields["tagList"]) == (None, Tags.MAX_COUNT), model
        assert fields["tagList"]["items"]["maxLength"] == Tags.MAX_LENGTH, model
    assert bounds(props("NewCommentBody")["body"]) == (1, CommentBody.MAX)


def test_every_string_a_body_takes_is_documented_with_its_rule(schemas: Json) -> None:
    requests = {name for name in schemas if name.endswith("Request")}
    inner = {
        schemas[name]["properties"][key]["$ref"].rsplit("/", 1)[1]
        for name in requests
        for key in schemas[name]["properties"]
    }
    assert len(inner) == 6
    unchecked = {("LoginUser", "email"), ("LoginUser", "password")}  # a login checks no rules
    for model in inner:
        for name, prop in schemas[model]["properties"].items():
            if (model, name) in unchecked:
                continue
            assert "maxLength" in string_of(prop) or "maxItems" in string_of(prop), (model, name)
            assert prop["description"], (model, name)


def test_only_the_fields_that_take_null_are_documented_as_nullable(schemas: Json) -> None:
    nullable = {
        (model, name)
        for model in ("UpdateUser", "UpdateArticleBody")
        for name, prop in schemas[model]["properties"].items()
        if {"type": "null"} in prop.get("anyOf", [])
    }

    assert nullable == {("UpdateUser", "bio"), ("UpdateUser", "image")}


def accepted(make: Any, value: str) -> bool:
    try:
        make(value)
    except InvalidInput:
        return False
    return True


USERNAMES = ["jake", "j.k-e_9", "abc", "a" * 32, "_jake", "jake.", "ja ke", "jäke", "ab", "a" * 33]
EMAILS = [
    "jake@jake.jake",
    "a@b.co",
    "a.b@c.d.e",
    "jake@jake",
    "jake jake@x.io",
    "@x.io",
    "a@b@c.d",
]


def test_the_username_and_email_patterns_accept_what_the_domain_accepts(schemas: Json) -> None:
    fields = schemas["NewUser"]["properties"]
    username = string_of(fields["username"])
    email = string_of(fields["email"])

    def published(schema: Json, value: str) -> bool:
        fits = schema.get("minLength", 0) <= len(value) <= schema["maxLength"]
        return fits and re.search(schema["pattern"], value) is not None

    assert {name: published(username, name) for name in USERNAMES} == {
        name: accepted(Username, name) for name in USERNAMES
    }
    assert {address: published(email, address) for address in EMAILS} == {
        address: accepted(Email, address) for address in EMAILS
    }
    assert sum(accepted(Username, name) for name in USERNAMES) == 4


def test_not_blank_is_published_as_a_pattern(schemas: Json) -> None:
    title = string_of(schemas["NewArticleBody"]["properties"]["title"])

    assert re.search(title["pattern"], "  \t ") is None
    assert re.search(title["pattern"], " x ") is not None
    assert not accepted(Title, "  \t ")


async def test_limit_and_offset_publish_the_page_rules(conduit: Conduit) -> None:
    document = await conduit.get_json("/openapi.json")
    for path in ("/api/articles", "/api/articles/feed"):
        parameters = {p["name"]: p for p in document["paths"][path]["get"]["parameters"]}
        limit, offset = parameters["limit"], parameters["offset"]

        assert limit["schema"]["minimum"] == 1
        assert limit["schema"]["default"] == PageRequest.DEFAULT_LIMIT
        assert (
            f"values above {PageRequest.MAX_LIMIT} count as {PageRequest.MAX_LIMIT}"
            in (limit["description"])
        )
        assert (offset["schema"]["minimum"], offset["schema"]["maximum"]) == (
            0,
            PageRequest.MAX_OFFSET,
        )


async def test_the_edge_does_not_enforce_the_published_rules_the_core_checks(
    conduit: Conduit,
) -> None:
    """A rule checked twice would be reported twice: a broken rule gets the core's one message."""
    account = await conduit.register()
    article = {
        "title": "t",
        "description": "d",
        "body": "b",
        "tagList": [f"t{i}" for i in range(11)],
    }

    too_many_tags = await conduit.client.post(
        "/api/articles", json={"article": article}, headers=account.headers
    )
    far_offset = await conduit.client.get(
        "/api/articles", params={"offset": PageRequest.MAX_OFFSET + 1}
    )
    short_name = await conduit.client.put(
        "/api/user", json={"user": {"username": "ab"}}, headers=account.headers
    )

    assert errors_of(too_many_tags) == {"tagList": ["has too many tags (maximum is 10)"]}
    assert errors_of(far_offset) == {"offset": [f"must be at most {PageRequest.MAX_OFFSET}"]}
    assert errors_of(short_name) == {"username": ["is too short (minimum is 3 characters)"]}


async def test_every_request_body_has_an_example_the_service_accepts(
    conduit: Conduit, schemas: Json
) -> None:
    document = await conduit.get_json("/openapi.json")
    examples: dict[str, Json] = {}
    for item in document["paths"].values():
        for operation in item.values():
            if "requestBody" in operation:
                ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                name = ref.rsplit("/", 1)[1]
                assert schemas[name]["examples"], name
                examples[name] = schemas[name]["examples"][0]
    assert len(examples) == 6

    registered = await conduit.client.post("/api/users", json=examples["NewUserRequest"])
    token = {"Authorization": f"Token {registered.json()['user']['token']}"}
    answers = [
        registered,
        await conduit.client.post("/api/users/login", json=examples["LoginUserRequest"]),
        await conduit.client.put("/api/user", json=examples["UpdateUserRequest"], headers=token),
        created := await conduit.client.post(
            "/api/articles", json=examples["NewArticleRequest"], headers=token
        ),
    ]
    slug = created.json()["article"]["slug"]
    answers += [
        await conduit.client.put(
            f"/api/articles/{slug}", json=examples["UpdateArticleRequest"], headers=token
        ),
        await conduit.client.post(
            f"/api/articles/{slug}/comments", json=examples["NewCommentRequest"], headers=token
        ),
    ]
    assert [response.status_code for response in answers] == [201, 200, 200, 201, 200, 200]
