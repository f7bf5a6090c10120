"""``quill openapi --surface v1|realworld``: print a surface's OpenAPI document, as the app serves
it. ``make openapi`` writes them to ``openapi/``; a test fails when the committed files drift."""

from __future__ import annotations

import importlib
import json
from enum import StrEnum
from typing import Annotated

import typer

from entrypoints.cli._common import load_settings

# Loaded by name, as ``quill serve`` names the ASGI app: the CLI and the HTTP API import nothing
# of each other (``.importlinter``).
DOCUMENTS = "entrypoints.api.app"


class Surface(StrEnum):
    v1 = "v1"
    realworld = "realworld"


def render(surface: str) -> str:
    """The document as committed: two-space indents, UTF-8 text, one final newline."""
    module = importlib.import_module(DOCUMENTS)
    document = module.openapi_document(surface, load_settings())
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def openapi(
    surface: Annotated[
        Surface, typer.Option("--surface", help="Which surface's document to print.")
    ] = Surface.v1,
) -> None:
    """Print the OpenAPI document of the v1 (/api/v1) or the RealWorld (/api) surface."""
    typer.echo(render(surface.value), nl=False)
