"""Request bodies of the RealWorld surface are JSON.

A body is ``application/json`` or any ``application/*+json`` type (parameters such as ``charset``
and the case of the type do not matter); a body without ``Content-Type`` is read as JSON too
(``strict_content_type=False`` on the routers), as RealWorld clients often send none. FastAPI
leaves a body of another type unparsed and its model then fails with a ``422`` about the payload,
so every route that takes a body declares ``dependencies=[JSON_BODY]``, which answers ``415``
first. FastAPI's strict default protects cookie sessions from cross-site requests; this surface
reads the caller only from the ``Authorization`` header, which a browser never sends cross-site
without a CORS preflight.
"""

from __future__ import annotations

import email.message
from typing import Final

from fastapi import Depends
from starlette.exceptions import HTTPException
from starlette.requests import Request

JSON: Final = "application/json"


def is_json(content_type: str) -> bool:
    """Whether a ``Content-Type`` value names JSON, read as FastAPI reads it to parse a body."""
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


async def _require_json(request: Request) -> None:
    content_type = request.headers.get("content-type")
    if content_type is not None and not is_json(content_type):
        # RFC 9110 §15.5.16: say what would be accepted. Accept-Post is the registered field for
        # POST; there is none for PUT, whose answer says it in its message only.
        headers = {"Accept-Post": JSON} if request.method == "POST" else None
        raise HTTPException(status_code=415, headers=headers)


JSON_BODY: Final = Depends(_require_json)
"""The dependency of every route that takes a body: ``415`` for a body that is not JSON."""
