"""Bodies of ``/api/v1``: snake_case JSON without envelopes. Request models refuse unknown fields
(a 422 naming each), so no client can set ``id``, ``author``, ``created_at`` or a role. pydantic
checks shapes and types only; the core checks the rules, which the document states per field
(``rules.py``, the same numbers as the RealWorld surface's)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from application.users import (
    AccountChanges,
    Registration,
    parse_account_changes,
    parse_registration,
)
from domain.users import UNSET
from entrypoints.api.realworld import rules


def _strict(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", frozen=True, json_schema_extra={"examples": [example]})


def _rule(schema: rules.Schema) -> WithJsonSchema:
    return WithJsonSchema(schema)


Username = Annotated[str, _rule(rules.USERNAME)]
Email = Annotated[str, _rule(rules.EMAIL)]
Password = Annotated[str, _rule(rules.PASSWORD)]
Bio = Annotated[str | None, _rule(rules.nullable(rules.BIO))]
Image = Annotated[str | None, _rule(rules.nullable(rules.IMAGE))]


class NewAccount(BaseModel):
    model_config = _strict(
        {"username": "jake", "email": "jake@example.com", "password": "correct horse battery"}  # nosec B105  # an OpenAPI sample, not a credential
    )

    username: Username
    email: Email
    password: Password
    bio: Bio = None
    image: Image = None

    def check(self) -> None:
        """The core's rules alone (``InvalidInput``), for a body pydantic partly refused."""
        parse_registration(self.to_command())

    def to_command(self) -> Registration:
        return Registration(
            username=self.username,
            email=self.email,
            password=self.password,
            bio=self.bio,
            image=self.image,
        )


class LoginRequest(BaseModel):
    model_config = _strict({"login": "jake", "password": "correct horse battery"})  # nosec B105  # an OpenAPI sample, not a credential

    login: Annotated[
        str,
        Field(description="The account's email or username.", max_length=254),
    ]
    password: Annotated[str, Field(description="The account's password.", max_length=128)]


class AccountPatch(BaseModel):
    """RFC 7396 semantics: a field left out stays as it is; ``null`` clears ``bio`` or ``image``
    (the other fields cannot be empty, so ``null`` is refused for them)."""

    model_config = _strict({"bio": "I like to skateboard", "image": None})

    username: Username | None = None
    email: Email | None = None
    password: Password | None = None
    current_password: Annotated[
        str | None,
        Field(
            description="Required to change `email` or `password`.",
            max_length=128,
        ),
    ] = None
    bio: Bio = None
    image: Image = None

    @field_validator("username", "email", "password", "current_password")
    @classmethod
    def _not_null(cls, value: str | None) -> str:
        if value is None:
            raise PydanticCustomError("not_null", "cannot be null")
        return value

    def check(self) -> None:
        """The core's rules alone (``InvalidInput``), for a body pydantic partly refused."""
        parse_account_changes(self.to_changes())

    def to_changes(self) -> AccountChanges:
        given = self.model_fields_set
        return AccountChanges(
            username=self.username,
            email=self.email,
            password=self.password,
            bio=self.bio if "bio" in given else UNSET,
            image=self.image if "image" in given else UNSET,
        )


# --- responses ----------------------------------------------------------------------------------
class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class Account(_Out):
    """The caller's own account: the only representation that carries an email."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [
                {"username": "jake", "email": "jake@example.com", "bio": None, "image": None}
            ]
        },
    )

    username: str
    email: str
    bio: str | None
    image: str | None


class Profile(_Out):
    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [{"username": "jake", "bio": None, "image": None, "following": False}]
        },
    )

    username: str
    bio: str | None
    image: str | None
    following: bool = Field(description="Whether the caller follows this user.")


class AccessToken(_Out):
    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={
            "examples": [{"access_token": "eyJhbGciOi…", "token_type": "Bearer", "expires_in": 900}]  # nosec B105  # an OpenAPI sample, not a credential
        },
    )

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int = Field(description="Seconds until the token expires.", ge=1)


class ErrorEntry(_Out):
    """One problem of a request: where it is (``pointer`` into the body, or the ``parameter`` or
    ``header``), and what is wrong."""

    pointer: str | None = Field(default=None, description="RFC 6901 JSON Pointer into the body.")
    parameter: str | None = None
    header: str | None = None
    detail: str


class ProblemDetails(_Out):
    """RFC 9457 problem details, as every failure under ``/api/v1`` is answered."""

    type: str = Field(description="A path (or URL) that describes the problem when fetched.")
    title: str
    status: int
    detail: str
    instance: str = Field(description="The path of the request.")
    request_id: str | None = Field(description="The request id (`X-Request-ID`).")
    errors: list[ErrorEntry] | None = Field(
        default=None, description="Every problem of a 409 or 422, each located."
    )
