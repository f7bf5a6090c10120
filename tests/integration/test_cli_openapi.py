"""``quill openapi``: prints a surface's document, the one the app serves and ``openapi/`` holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.cli_helpers import quill

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("surface", "inside", "outside"),
    [("v1", "/api/v1/me", "/api/user"), ("realworld", "/api/user", "/api/v1/me")],
)
def test_openapi_prints_the_surfaces_document_as_committed(
    surface: str, inside: str, outside: str
) -> None:
    result = quill("openapi", "--surface", surface)

    assert result.exit_code == 0, result.output
    paths = json.loads(result.stdout)["paths"]
    assert inside in paths
    assert outside not in paths
    assert result.stdout == (REPO / "openapi" / f"{surface}.json").read_text(encoding="utf-8")


def test_openapi_refuses_an_unknown_surface() -> None:
    result = quill("openapi", "--surface", "graphql")

    assert result.exit_code == 2
    assert "graphql" in result.output
