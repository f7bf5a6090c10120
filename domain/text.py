"""Small text rules shared by several value objects."""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def length_problems(value: str, *, minimum: int, maximum: int, blank_ok: bool = False) -> list[str]:
    """Messages for a text that is blank, too short, too long or carries control characters."""
    problems: list[str] = []
    if not blank_ok and not value.strip():
        problems.append("can't be blank")
    elif len(value) < minimum:
        problems.append(f"is too short (minimum is {minimum} characters)")
    if len(value) > maximum:
        problems.append(f"is too long (maximum is {maximum} characters)")
    if _CONTROL.search(value):
        problems.append("must not contain control characters")
    return problems


def normalize(value: str) -> str:
    """NFC-normalize and trim a text typed by a person."""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str) -> str:
    """The form two texts share when they differ only in case: trimmed, NFC, Unicode case folding
    (``casefold`` can leave a text outside NFC, so it is normalized once more)."""
    return unicodedata.normalize("NFC", normalize(value).casefold())
