"""The JSON bodies of ``/api/v1``, written from the core's views as plain dicts (pydantic-core's
``to_json``); ``schemas.py`` declares them, and the tests hold each encoder to its model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic_core import to_json
from starlette.responses import Response

from application.views import AccountView, ProfileView

Json = dict[str, Any]
NO_STORE = {"Cache-Control": "no-store"}


class JsonBody(Response):
    media_type = "application/json"

    def __init__(
        self, content: Json, status_code: int = 200, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(content, status_code, headers=headers)

    def render(self, content: Any) -> bytes:
        return to_json(content)


def account(view: AccountView) -> Json:
    return {"username": view.username, "email": view.email, "bio": view.bio, "image": view.image}


def profile(view: ProfileView) -> Json:
    return {
        "username": view.username,
        "bio": view.bio,
        "image": view.image,
        "following": view.following,
    }


def access_token(token: str, expires_in: int) -> Json:
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in}  # nosec B105  # the token type (RFC 6750), not a credential
