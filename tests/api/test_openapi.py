"""The OpenAPI document matches the RealWorld contract and is complete and true: every operation has
its summary, tags, success schema and description, the auth it really takes and exactly the error
answers it can give; ``info`` names the licence."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.api.conduit import Conduit

yaml = pytest.importorskip("yaml")  # PyYAML comes with uvicorn[standard]
REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "realworld" / "openapi.yml"
METHODS = ("get", "post", "put", "delete")


@pytest.fixture
def db_kind() -> str:
    return "memory"


def operations(document: dict[str, Any], prefix: str = "") -> dict[tuple[str, str], Any]:
    return {
        (method.upper(), path.removeprefix(prefix)): operation
        for path, item in document["paths"].items()
        if path.startswith(prefix)
        for method, operation in item.items()
        if method in METHODS
    }


@pytest.fixture
async def document(conduit: Conduit) -> dict[str, Any]:
    body: dict[str, Any] = await conduit.get_json("/openapi.json")
    return body


@pytest.mark.skipif(not SPEC.exists(), reason=f"the RealWorld spec is not at {SPEC}")
async def test_the_surface_has_exactly_the_specs_operations_and_success_codes(
    document: dict[str, Any],
) -> None:
    spec = operations(yaml.safe_load(SPEC.read_text(encoding="utf-8")))
    ours = operations(document, prefix="/api")

    assert set(ours) == set(spec)
    assert len(ours) == 19
    for key, operation in spec.items():
        wanted = {code for code in operation["responses"] if code.startswith("2")}
        got = {code for code in ours[key]["responses"] if code.startswith("2")}
        assert got == wanted, key
        assert ours[key]["operationId"] == operation["operationId"], key


async def test_every_operation_is_documented_with_a_real_success_description(
    document: dict[str, Any],
) -> None:
    descriptions = set()
    for key, operation in operations(document, prefix="/api").items():
        assert operation["summary"], key
        assert operation["tags"], key
        success = [r for code, r in operation["responses"].items() if code.startswith("2")]
        assert len(success) == 1, key
        assert success[0]["description"] != "Successful Response", key
        descriptions.add(success[0]["description"])
        if key[0] != "DELETE" or key[1].endswith("/favorite") or key[1].endswith("/follow"):
            assert success[0]["content"]["application/json"]["schema"]["$ref"], key
    assert len(descriptions) == 19  # each says what its own answer is


def can_answer(key: tuple[str, str], operation: dict[str, Any]) -> set[str]:
    """The error statuses an operation can give, from what it reads: a token (401), a resource
    named by its path (404), a resource only its owner may change (403), input (422), a body
    (413, 415); every operation uses the database (503)."""
    method, path = key
    reads_token = "security" in operation or operation["operationId"] == "Login"
    has_body = "requestBody" in operation
    takes_input = has_body or bool(operation.get("parameters"))
    owned = method in {"PUT", "DELETE"} and path.startswith("/articles/{slug}")
    owned = owned and not path.endswith("/favorite")
    return (
        {"503"}
        | ({"401"} if reads_token else set())
        | ({"403"} if owned else set())
        | ({"404"} if "{" in path else set())
        | ({"413", "415"} if has_body else set())
        | ({"422"} if takes_input else set())
    )


async def test_every_operation_lists_exactly_the_errors_it_can_answer(
    document: dict[str, Any],
) -> None:
    error_ref = "#/components/schemas/ErrorEnvelope"
    found = operations(document, prefix="/api")
    for key, operation in found.items():
        errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}

        assert set(errors) == can_answer(key, operation), key
        for response in errors.values():
            assert response["content"]["application/json"]["schema"]["$ref"] == error_ref, key
    # The rule above is not vacuous: these are the operations it treats specially.
    assert set(found[("GET", "/tags")]["responses"]) == {"200", "503"}
    assert set(found[("GET", "/user")]["responses"]) == {"200", "401", "503"}
    assert set(found[("POST", "/users")]["responses"]) == {"201", "413", "415", "422", "503"}
    with_body = {key for key, operation in found.items() if "requestBody" in operation}
    assert len(with_body) == 6


OPTIONAL_AUTH = {
    ("GET", "/articles"),
    ("GET", "/articles/{slug}"),
    ("GET", "/profiles/{username}"),
    ("GET", "/articles/{slug}/comments"),
}


async def test_operations_declare_the_auth_they_take_required_or_optional(
    document: dict[str, Any],
) -> None:
    assert document["components"]["securitySchemes"]["Token"] == {
        "type": "apiKey",
        "description": "`Token <jwt>` (or `Bearer <jwt>`), as returned by login and registration.",
        "in": "header",
        "name": "Authorization",
    }
    public = {("POST", "/users"), ("POST", "/users/login"), ("GET", "/tags")}
    for key, operation in operations(document, prefix="/api").items():
        if key in public:
            assert "security" not in operation, key
        elif key in OPTIONAL_AUTH:
            assert operation["security"] == [{}, {"Token": []}], key
        else:
            assert operation["security"] == [{"Token": []}], key


async def test_optional_auth_is_optional_and_required_auth_is_required(conduit: Conduit) -> None:
    account = await conduit.register()
    article = await conduit.create_article(account)
    fill = {"{slug}": article["slug"], "{username}": account.username}

    for method, path in OPTIONAL_AUTH:
        url = "/api" + path
        for name, value in fill.items():
            url = url.replace(name, value)
        anonymous = await conduit.client.request(method, url)
        assert anonymous.status_code == 200, (method, path)
    assert (await conduit.client.get("/api/articles/feed")).status_code == 401


async def test_info_carries_the_licence_of_the_package(document: dict[str, Any]) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    assert document["info"]["license"] == {
        "name": project["license"],
        "identifier": project["license"],
    }


async def test_response_schemas_use_the_wire_names(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]

    assert set(schemas["Article"]["properties"]) == {
        "slug",
        "title",
        "description",
        "body",
        "tagList",
        "createdAt",
        "updatedAt",
        "favorited",
        "favoritesCount",
        "author",
    }
    assert "body" not in schemas["ArticleListItem"]["properties"]
    assert set(schemas["MultipleArticles"]["properties"]) == {"articles", "articlesCount"}
    assert schemas["Comment"]["properties"]["createdAt"]["format"] == "date-time"


@pytest.mark.parametrize(
    ("path", "names"),
    [
        ("/articles", ["limit", "offset", "tag", "author", "favorited"]),
        ("/articles/feed", ["limit", "offset"]),
    ],
)
async def test_list_operations_document_their_optional_query_parameters(
    document: dict[str, Any], path: str, names: list[str]
) -> None:
    parameters = operations(document, prefix="/api")[("GET", path)]["parameters"]

    assert [p["name"] for p in parameters] == names
    assert all(p["in"] == "query" and not p["required"] and p["description"] for p in parameters)
    by_name = {p["name"]: p["schema"] for p in parameters}
    assert by_name["limit"]["default"] == 20
    assert by_name["limit"]["minimum"] == 1
    assert by_name["offset"]["minimum"] == 0
