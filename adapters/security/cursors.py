"""Opaque, tamper-evident list cursors: the position a page ended at, sealed with an HMAC that
also covers the query the cursor was made for (filter, sort, limit). A cursor edited by hand, or
reused with another query, does not open: the caller answers 400, never a different page."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any, Final

from adapters.security.keys import derive_key

PURPOSE: Final = "cursor-mac"
_MAC_BYTES: Final = 16  # 128 bits: forging one is out of reach, and cursors stay short
_VERSION: Final = "1"
Json = Mapping[str, Any]


class CursorSeal:
    def __init__(self, *, secret: bytes) -> None:
        self._key = derive_key(secret, PURPOSE)

    def seal(self, position: Json, query: Json) -> str:
        """``position`` (JSON-ready) as a cursor valid only with ``query``."""
        body = _b64(_canonical(position))
        return f"{_VERSION}.{body}.{_b64(self._mac(body, query))}"

    def open(self, cursor: str, query: Json) -> dict[str, Any] | None:
        """The position ``cursor`` holds, or ``None`` when it is malformed, forged, edited or was
        made for another query."""
        version, _, rest = cursor.partition(".")
        body, _, mac = rest.partition(".")
        if version != _VERSION or not body or not mac:
            return None
        try:
            expected = self._mac(body, query)
            if not hmac.compare_digest(_unb64(mac), expected):
                return None
            position = json.loads(_unb64(body))
        except (binascii.Error, ValueError, UnicodeDecodeError):
            return None
        return position if isinstance(position, dict) else None

    def _mac(self, body: str, query: Json) -> bytes:
        message = _VERSION.encode() + b"\x00" + body.encode("ascii") + b"\x00" + _canonical(query)
        return hmac.new(self._key, message, hashlib.sha256).digest()[:_MAC_BYTES]


def _canonical(value: Json) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
