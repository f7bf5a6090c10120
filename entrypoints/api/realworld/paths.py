"""Where the RealWorld surface lives: every route's path starts with ``PREFIX``; the paths of the
resources a ``201`` creates, for its ``Location``."""

from typing import Final
from urllib.parse import quote

PREFIX: Final = "/api"


def profile_path(username: str) -> str:
    return f"{PREFIX}/profiles/{quote(username, safe='')}"


def article_path(slug: str) -> str:
    """The article's path; a slug may hold letters outside ASCII, which are percent-encoded."""
    return f"{PREFIX}/articles/{quote(slug, safe='')}"
