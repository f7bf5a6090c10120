"""Request bodies of ``/api/v1`` are JSON, declared: ``application/json`` (``charset`` allowed); a
``PATCH`` also takes ``application/merge-patch+json`` (RFC 7396) with the same meaning. Any other
type, or none, is a 415 that says what is accepted (``Accept-Post`` / ``Accept-Patch``)."""

from __future__ import annotations

import email.message
from typing import Final

from fastapi import Depends
from starlette.exceptions import HTTPException
from starlette.requests import Request

JSON: Final = "application/json"
MERGE_PATCH: Final = "application/merge-patch+json"
_ACCEPTED: Final = {"POST": (JSON,), "PUT": (JSON,), "PATCH": (JSON, MERGE_PATCH)}
_ACCEPT_HEADER: Final = {"POST": "Accept-Post", "PATCH": "Accept-Patch"}


def media_type(content_type: str) -> str:
    message = email.message.Message()
    message["content-type"] = content_type
    return message.get_content_type()


async def _require_json(request: Request) -> None:
    accepted = _ACCEPTED.get(request.method, (JSON,))
    content_type = request.headers.get("content-type")
    if content_type is None or media_type(content_type) not in accepted:
        header = _ACCEPT_HEADER.get(request.method)
        headers = {header: ", ".join(accepted)} if header else None
        raise HTTPException(status_code=415, headers=headers)


JSON_BODY: Final = Depends(_require_json)
"""The dependency of every route that takes a body."""
