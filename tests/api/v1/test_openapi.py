"""The v1 OpenAPI document: only v1 operations, each complete (summary, description, tags,
operationId, examples, exactly its problems as ``application/problem+json``), the bearer scheme,
links between operations; and the committed ``openapi/*.json`` equal what the code generates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from entrypoints.api import create_app
from entrypoints.api.app import openapi_document
from entrypoints.cli.openapi import render
from entrypoints.settings import Settings
from tests.api.conftest import api_settings

REPO = Path(__file__).resolve().parents[3]
METHODS = ("get", "put", "post", "patch", "delete")
# What each operation can answer besides its success; 503 is always possible.
EXPECTED_PROBLEMS = {
    ("post", "/api/v1/users"): {"409", "413", "415", "422", "503"},
    ("post", "/api/v1/auth/login"): {"401", "413", "415", "422", "503"},
    ("get", "/api/v1/me"): {"401", "503"},
    ("patch", "/api/v1/me"): {"400", "401", "409", "413", "415", "422", "503"},
    ("get", "/api/v1/profiles/{username}"): {"401", "404", "503"},
    ("put", "/api/v1/profiles/{username}/follow"): {"401", "404", "422", "503"},
    ("delete", "/api/v1/profiles/{username}/follow"): {"401", "404", "422", "503"},
    ("get", "/api/v1/problems/{name}"): {"404"},  # reads no database
}


@pytest.fixture
def db_kind() -> str:
    return "memory"


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method, path): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }


async def test_the_v1_document_holds_exactly_the_v1_operations(document: dict[str, Any]) -> None:
    assert set(_operations(document)) == set(EXPECTED_PROBLEMS)


async def test_the_api_document_holds_no_v1_path(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]

    assert paths
    assert not [path for path in paths if path.startswith("/api/v1")]


async def test_every_operation_is_documented_and_lists_exactly_its_problems(
    document: dict[str, Any],
) -> None:
    ids = set()
    for key, operation in _operations(document).items():
        assert operation["summary"], key
        assert operation["description"], key
        assert operation["tags"], key
        ids.add(operation["operationId"])
        errors = {code for code in operation["responses"] if int(code) >= 400}
        assert errors == EXPECTED_PROBLEMS[key], key
        for code in errors:
            content = operation["responses"][code]["content"]
            assert set(content) == {"application/problem+json"}, (key, code)
            problem = content["application/problem+json"]
            assert problem["schema"] == {"$ref": "#/components/schemas/ProblemDetails"}
            assert problem["example"]["status"] == int(code)
            assert problem["example"]["type"].startswith("/api/v1/problems/")
    assert len(ids) == len(EXPECTED_PROBLEMS)


async def test_the_bearer_scheme_is_declared_and_used(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"]["type"] == "http"
    assert schemes["bearer"]["scheme"] == "bearer"
    operations = _operations(document)
    assert operations[("get", "/api/v1/me")]["security"] == [{"bearer": []}]
    assert "security" not in operations[("post", "/api/v1/users")]


async def test_request_models_forbid_unknown_fields_and_carry_the_core_rules(
    document: dict[str, Any],
) -> None:
    schemas = document["components"]["schemas"]
    for name in ("NewAccount", "LoginRequest", "AccountPatch"):
        assert schemas[name]["additionalProperties"] is False, name
        assert schemas[name]["examples"], name
    username = schemas["NewAccount"]["properties"]["username"]
    assert (username["minLength"], username["maxLength"]) == (3, 32)
    assert schemas["NewAccount"]["properties"]["password"]["maxLength"] == 128


async def test_links_lead_from_register_and_login_to_the_operations_they_enable(
    document: dict[str, Any],
) -> None:
    operations = _operations(document)
    ids = {operation["operationId"] for operation in operations.values()}
    register = operations[("post", "/api/v1/users")]["responses"]["201"]["links"]
    login = operations[("post", "/api/v1/auth/login")]["responses"]["200"]["links"]

    assert register["GetProfile"]["parameters"] == {"username": "$response.body#/username"}
    for link in (*register.values(), *login.values()):
        assert link["operationId"] in ids


async def test_docs_are_served_unless_turned_off(client: httpx.AsyncClient, tmp_path: Path) -> None:
    assert (await client.get("/api/v1/docs")).status_code == 200
    off = create_app(api_settings(tmp_path, "memory://", docs=False))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=off), base_url="http://test"
    ) as other:
        assert (await other.get("/api/v1/docs")).status_code == 404


@pytest.mark.parametrize("surface", ["v1", "realworld"])
def test_the_committed_document_equals_what_the_code_generates(surface: str) -> None:
    committed = (REPO / "openapi" / f"{surface}.json").read_text(encoding="utf-8")

    assert committed == render(surface), "run `make openapi` and commit openapi/"


def test_the_generated_document_does_not_depend_on_the_settings() -> None:
    plain = openapi_document("v1", Settings(_env_file=None))
    public = openapi_document(
        "v1", Settings(_env_file=None, public_url="https://quill.example", docs=False)
    )

    assert json.dumps(plain) == json.dumps(public)
