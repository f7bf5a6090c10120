"""The problems ``/api/v1`` answers with (RFC 9457): each has a stable name, its ``type`` is
``/api/v1/problems/{name}``, and ``GET`` on that path describes it and says what a client should do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pydantic_core import to_json
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from application.context import current_correlation
from entrypoints.api.v1.paths import problem_path

PROBLEM_JSON: Final = "application/problem+json"


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    status: int
    title: str
    description: str
    remedy: str


KINDS: Final[Mapping[str, Kind]] = {
    kind.name: kind
    for kind in (
        Kind(
            "malformed-request",
            400,
            "Malformed request",
            "The body is not valid JSON, or a header such as `Content-Length` cannot be read.",
            "Send well-formed JSON (UTF-8) with a correct `Content-Length`.",
        ),
        Kind(
            "invalid-cursor",
            400,
            "Invalid cursor",
            "The `cursor` was edited, is not one this service made, or was made for another "
            "filter, sort or limit.",
            "Use the cursor exactly as a `Link` or `next_cursor` gave it, with the same query; "
            "or start again from the first page.",
        ),
        Kind(
            "unauthenticated",
            401,
            "Authentication required",
            "The request has no `Authorization: Bearer <token>` header, or its token is "
            "malformed, forged, expired, or made for another surface.",
            "Log in with `POST /api/v1/auth/login` and send the `access_token` it returns.",
        ),
        Kind(
            "invalid-credentials",
            401,
            "Invalid credentials",
            "No account has this login (email or username) with this password.",
            "Check the login and the password; the answer never says which of them is wrong.",
        ),
        Kind(
            "forbidden",
            403,
            "Forbidden",
            "The caller is known but may not do this.",
            "Do not retry with the same credentials; act as a user who may.",
        ),
        Kind(
            "not-found",
            404,
            "Not found",
            "Nothing exists at this path, or the resource it names does not exist.",
            "Check the path and the identifier in it.",
        ),
        Kind(
            "method-not-allowed",
            405,
            "Method not allowed",
            "The path exists but does not support this method.",
            "Use one of the methods the `Allow` header lists.",
        ),
        Kind(
            "already-exists",
            409,
            "Already exists",
            "A value that must be unique (an email, a username) is already taken.",
            "Choose another value for each field the `errors` list points at.",
        ),
        Kind(
            "conflict",
            409,
            "Conflict",
            "The request clashes with the resource's current state.",
            "Read the resource again and decide whether to repeat the request.",
        ),
        Kind(
            "precondition-failed",
            412,
            "Precondition failed",
            "A precondition the request stated (such as `If-Match`) does not hold.",
            "Read the resource again and retry with its current version.",
        ),
        Kind(
            "payload-too-large",
            413,
            "Payload too large",
            "The request body is larger than the server accepts.",
            "Send a smaller body; `detail` states the limit.",
        ),
        Kind(
            "unsupported-media-type",
            415,
            "Unsupported media type",
            "The body's `Content-Type` is not one this operation reads.",
            "Send `application/json` (or, for `PATCH`, `application/merge-patch+json`); the "
            "`Accept-Post` or `Accept-Patch` header lists what is accepted.",
        ),
        Kind(
            "validation-failed",
            422,
            "Validation failed",
            "One or more fields or parameters break a rule; `errors` lists every one, each with "
            "a JSON Pointer (`pointer`) into the body, or the `parameter` or `header` it is about.",
            "Fix every listed problem and send the request again.",
        ),
        Kind(
            "service-unavailable",
            503,
            "Service unavailable",
            "A resource the request needs (the database) cannot serve it now; nothing changed.",
            "Retry after the number of seconds in `Retry-After`.",
        ),
        Kind(
            "internal-error",
            500,
            "Internal error",
            "The server failed in a way it did not expect; nothing about it is told here.",
            "Retry later; if it persists, report the `request_id`.",
        ),
    )
}


def problem_body(
    name: str,
    *,
    detail: str,
    instance: str,
    type_uri: str,
    errors: Sequence[Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    kind = KINDS[name]
    body: dict[str, Any] = {
        "type": type_uri,
        "title": kind.title,
        "status": kind.status,
        "detail": detail,
        "instance": instance,
        "request_id": current_correlation().request_id,
    }
    if errors is not None:
        body["errors"] = list(errors)
    return body


class Problem(Response):
    """A problem answer. The body is written when the response is sent, from the scope (its path
    is the ``instance``), so middleware that refuses a request before routing can answer one too.
    ``uris`` writes the ``type``, from ``QUILL_PUBLIC_URL`` when set."""

    media_type = PROBLEM_JSON

    def __init__(
        self,
        name: str,
        detail: str,
        *,
        uris: Callable[[str], str],
        errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(b"", KINDS[name].status, headers=headers)
        self._name, self._detail, self._errors, self._uris = name, detail, errors, uris

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = problem_body(
            self._name,
            detail=self._detail,
            instance=scope["path"],
            type_uri=self._uris(problem_path(self._name)),
            errors=self._errors,
        )
        self.body = to_json(body)
        self.raw_headers = [
            (name, value) for name, value in self.raw_headers if name != b"content-length"
        ]
        self.raw_headers.append((b"content-length", str(len(self.body)).encode("ascii")))
        await super().__call__(scope, receive, send)
