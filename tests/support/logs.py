"""Reading what the logging pipeline wrote: every line of it must be one JSON object."""

from __future__ import annotations

import json
from typing import Any


def json_lines(text: str) -> list[dict[str, Any]]:
    """Each line of ``text`` as the object it holds; fails on a line that is not one."""
    lines: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        found = json.loads(line)  # raises on plain text between the JSON lines
        assert isinstance(found, dict), line
        lines.append(found)
    return lines


def events(text: str, event: str, logger: str | None = None) -> list[dict[str, Any]]:
    """The lines of one event (and logger)."""
    return [
        line
        for line in json_lines(text)
        if line.get("event") == event and (logger is None or line.get("logger") == logger)
    ]
