"""The last line of defence against a secret in a log line: a structlog processor that masks
sensitive keys and secret-looking values. The real guarantee is that no code logs them at all
(README, "Logs and request ids"); this only catches what slips through, such as a library's
message or an exception's text."""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping
from functools import lru_cache
from typing import Any, Final

REDACTED: Final = "[redacted]"

# A key naming one of these (``password``, ``new_password``, ``x_api_key``, ``Set-Cookie``…) has
# its value replaced whatever the value is.
_SENSITIVE_PARTS: Final = (
    "password",
    "passwd",
    "secret",
    "token",
    "authorization",
    "cookie",
    "api_key",
    "apikey",
    "jwt",
    "email",
    "credential",
)
# Written by the pipeline itself or from bounded vocabularies: never scanned, to keep each line
# cheap. ``event`` and every other string are scanned.
_TRUSTED_KEYS: Final = frozenset(
    {"timestamp", "level", "logger", "method", "route", "status", "duration_ms", "user_id"}
)

_VALUE_PATTERNS: Final = (
    # An Authorization header value: the scheme stays, the credential goes.
    (re.compile(r"(?i)\b(bearer|token|basic)([ \t]+)[A-Za-z0-9._~+/=-]{8,}"), rf"\1\2{REDACTED}"),
    # A JWT on its own (header and payload are base64url JSON, so they start with "eyJ").
    (re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*"), REDACTED),
    # A password inside a URL (``scheme://user:password@host``).
    (re.compile(r"(://[^/\s:@]*):[^/\s@]+@"), rf"\1:{REDACTED}@"),
    # An email address (a user is named by its id, never its email).
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), REDACTED),
)
# One search first: most strings that pass the quick test still hold none of the patterns.
_SUSPECT: Final = re.compile(
    r"(?i)(?:bearer|token|basic)[ \t]|eyJ|://[^/\s:@]*:[^/\s@]+@|@[A-Za-z0-9-]+\."
)


@lru_cache(maxsize=1024)
def is_sensitive_key(key: str) -> bool:
    lowered = key.lower().replace("-", "_")
    return any(part in lowered for part in _SENSITIVE_PARTS)


_TRUSTED, _SENSITIVE, _SCANNED = 0, 1, 2
# Each key's treatment, decided once per key name (a line has the same few keys over and over).
_KINDS: dict[str, int] = dict.fromkeys(_TRUSTED_KEYS, _TRUSTED)
_MAX_KINDS: Final = 4096


def _kind(key: str) -> int:
    # ``_record`` and the like: the pipeline's own bookkeeping, removed before output.
    private = key.startswith("_")
    kind = _TRUSTED if private else _SENSITIVE if is_sensitive_key(key) else _SCANNED
    if len(_KINDS) < _MAX_KINDS:
        _KINDS[key] = kind
    return kind


def _suspect(text: str) -> bool:
    # Every pattern needs one of these characters: most values (ids, addresses, single words)
    # are cleared without running the expression.
    if "@" in text or " " in text or "eyJ" in text or "\t" in text:
        return _SUSPECT.search(text) is not None
    return False


def redact_text(text: str) -> str:
    """``text`` with every secret-looking part masked."""
    if not _suspect(text):
        return text
    for pattern, replacement in _VALUE_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _redact_value(value: object) -> object:
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, Mapping):
        return {
            key: REDACTED if is_sensitive_key(str(key)) else _redact_value(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_redact_value(item) for item in value]
    return value


def redact(_logger: object, _method: str, event_dict: MutableMapping[str, Any]) -> Any:
    """The structlog processor: masks values in place (the event dict is the line's own copy)."""
    kinds = _KINDS
    for key, value in event_dict.items():
        kind = kinds.get(key)
        if kind is None:
            kind = _kind(key)
        if kind == _TRUSTED:
            continue
        if kind == _SENSITIVE:
            event_dict[key] = REDACTED
        elif isinstance(value, str):
            if _suspect(value):
                event_dict[key] = redact_text(value)
        elif isinstance(value, Mapping | list | tuple):
            event_dict[key] = _redact_value(value)
    return event_dict
