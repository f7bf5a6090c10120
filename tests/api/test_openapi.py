"""The OpenAPI document matches the RealWorld contract and is complete: every operation has its
summary, tags, success schema and documented error answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.api.conduit import Conduit

yaml = pytest.importorskip("yaml")  # PyYAML comes with uvicorn[standard]
SPEC = Path(__file__).resolve().parents[3] / "shared" / "realworld" / "openapi.yml"
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


async def test_every_operation_is_documented_with_its_errors(document: dict[str, Any]) -> None:
    error_ref = "#/components/schemas/ErrorEnvelope"
    for key, operation in operations(document, prefix="/api").items():
        assert operation["summary"], key
        assert operation["tags"], key
        errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}
        assert "422" in errors, key
        for response in errors.values():
            assert response["content"]["application/json"]["schema"]["$ref"] == error_ref, key
        success = [r for code, r in operation["responses"].items() if code.startswith("2")]
        if key[0] != "DELETE" or key[1].endswith("/favorite") or key[1].endswith("/follow"):
            assert success[0]["content"]["application/json"]["schema"]["$ref"], key


async def test_authenticated_operations_declare_the_token_scheme_and_401(
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
        else:
            assert operation["security"] == [{"Token": []}], key
            assert "401" in operation["responses"], key


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
