"""The kind of id a keyset position must carry for each list, checked before the read model
sees it: a position comes back from a client (signed by the surface, but an older release or
another list may have made it), and a read model may not fail on one."""

from __future__ import annotations

import uuid

from domain.errors import require_valid
from domain.paging import KeysetRequest

_NOT_HERE = ["is not a position in this list"]


def article_positions(request: KeysetRequest) -> KeysetRequest:
    """``request`` when its position (if any) names an article: its id as UUID text."""
    after = request.after
    if after is not None:
        require_valid(after=[] if _is_uuid_text(after.id) else _NOT_HERE)
    return request


def comment_positions(request: KeysetRequest) -> KeysetRequest:
    """``request`` when its position (if any) names a comment: an int id."""
    after = request.after
    if after is not None:
        ok = isinstance(after.id, int) and not isinstance(after.id, bool)
        require_valid(after=[] if ok else _NOT_HERE)
    return request


def _is_uuid_text(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return str(uuid.UUID(value)) == value  # the canonical form only: ids compare as text
    except ValueError:
        return False
