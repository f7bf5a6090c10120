"""Where ``/api/v1`` lives, and how its URIs are written: paths, or ``QUILL_PUBLIC_URL`` followed by
the path when that is set; never from the request's ``Host``."""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

PREFIX: Final = "/api/v1"
PROBLEMS: Final = f"{PREFIX}/problems"
OPENAPI_URL: Final = f"{PREFIX}/openapi.json"
DOCS_URL: Final = f"{PREFIX}/docs"


def profile_path(username: str) -> str:
    return f"{PREFIX}/profiles/{quote(username, safe='')}"


def problem_path(name: str) -> str:
    return f"{PROBLEMS}/{name}"


class Uris:
    """Writes the URIs the surface puts in bodies and headers (``type``, ``Location``, ``Link``)."""

    def __init__(self, public_url: str | None) -> None:
        self._base = (public_url or "").rstrip("/")

    def __call__(self, path: str) -> str:
        return f"{self._base}{path}"
