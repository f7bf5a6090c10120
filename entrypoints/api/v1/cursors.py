"""Reading and writing the cursors of ``/api/v1``'s lists. The sealing (an HMAC over the position
and the query it was made for, keyed from ``QUILL_SECRET_KEY``) is the container's ``cursors``;
this module turns a cursor that does not open into the 400 ``invalid-cursor`` problem."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from starlette.requests import Request


class BadCursor(Exception):
    """The ``cursor`` parameter was edited, forged, or made for another query."""


class Seal(Protocol):
    def seal(self, position: Mapping[str, Any], query: Mapping[str, Any]) -> str: ...

    def open(self, cursor: str, query: Mapping[str, Any]) -> dict[str, Any] | None: ...


def seal_of(request: Request) -> Seal:
    found: Seal = request.app.state.cursors
    return found


def next_cursor(request: Request, position: Mapping[str, Any], query: Mapping[str, Any]) -> str:
    """The cursor of the page after ``position``, valid only with this same ``query`` (the
    filter, sort and limit of the list, as JSON-ready values)."""
    return seal_of(request).seal(position, query)


def position_of(request: Request, cursor: str, query: Mapping[str, Any]) -> dict[str, Any]:
    """The position ``cursor`` holds for ``query``; ``BadCursor`` when it does not open."""
    found = seal_of(request).open(cursor, query)
    if found is None:
        raise BadCursor("the cursor is not valid for this query")
    return found
