"""Offset pages as the RealWorld surface asks for them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

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
