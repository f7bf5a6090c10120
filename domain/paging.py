"""Page requests: offset pages as the RealWorld surface asks for them, and keyset pages (a
position, not an offset: a walk neither repeats nor skips an item while others come and go)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

from domain.errors import require_valid


@dataclass(frozen=True, slots=True)
class PageRequest:
    """``limit`` 1-100 (larger values are capped at 100), ``offset`` 0-1,000,000,000."""

    limit: int = 20
    offset: int = 0
    DEFAULT_LIMIT: ClassVar[int] = 20
    MAX_LIMIT: ClassVar[int] = 100
    MAX_OFFSET: ClassVar[int] = 1_000_000_000

    @classmethod
    def of(cls, limit: int | None = None, offset: int | None = None) -> PageRequest:
        limit = cls.DEFAULT_LIMIT if limit is None else limit
        offset = 0 if offset is None else offset
        require_valid(
            limit=["must be greater than 0"] if limit < 1 else [],
            offset=(
                ["must be 0 or greater"]
                if offset < 0
                else [f"must be at most {cls.MAX_OFFSET}"]
                if offset > cls.MAX_OFFSET
                else []
            ),
        )
        return cls(limit=min(limit, cls.MAX_LIMIT), offset=offset)


class Sort(Enum):
    """The order of a keyset list, by (created_at, id): ids break ties, so the order is total."""

    NEWEST_FIRST = "newest"
    OLDEST_FIRST = "oldest"


@dataclass(frozen=True, slots=True)
class Position:
    """Where a page ended: its last item's sort key, as plain values a surface can sign and
    send back (an article's id as its UUID text, a comment's as its int)."""

    created_at: datetime
    id: str | int


@dataclass(frozen=True, slots=True)
class KeysetRequest:
    """``limit`` 1-100 (more is refused, not capped); ``after`` the position the previous page
    ended at (``None``: the start); ``with_total`` asks for the number of matches, which costs a
    count."""

    limit: int = 20
    sort: Sort = Sort.NEWEST_FIRST
    after: Position | None = None
    with_total: bool = False
    DEFAULT_LIMIT: ClassVar[int] = 20
    MAX_LIMIT: ClassVar[int] = 100

    @classmethod
    def of(
        cls,
        limit: int | None = None,
        sort: Sort | None = None,
        after: Position | None = None,
        *,
        with_total: bool = False,
    ) -> KeysetRequest:
        """Every problem at once (``limit``, ``after``), or the request."""
        limit = cls.DEFAULT_LIMIT if limit is None else limit
        require_valid(
            limit=limit_problems(limit, cls.MAX_LIMIT),
            after=(
                ["must carry a timezone-aware time"]
                if after is not None and after.created_at.utcoffset() is None
                else []
            ),
        )
        return cls(
            limit=limit,
            sort=Sort.NEWEST_FIRST if sort is None else sort,
            after=after,
            with_total=with_total,
        )

    def comes_after(self, created_at: datetime, item_id: Any) -> bool:
        """Whether an item with this sort key belongs after ``after`` in this order (every item
        does when there is no ``after``); ``item_id`` compares with ``after.id`` as stored."""
        if self.after is None:
            return True
        key, mark = (created_at, item_id), (self.after.created_at, self.after.id)
        return key < mark if self.sort is Sort.NEWEST_FIRST else key > mark


def limit_problems(limit: int, maximum: int) -> list[str]:
    """What is wrong with a ``limit`` that must lie in 1-``maximum`` (refused, not capped)."""
    if limit < 1:
        return ["must be greater than 0"]
    return [f"must be at most {maximum}"] if limit > maximum else []
