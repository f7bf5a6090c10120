"""The core's rules as JSON Schema, for the OpenAPI document only.

The core checks every rule (after trimming the text and normalizing it to NFC) and reports all of a
request's problems at once; pydantic checks only shapes and types. So the limits here reach the
document through ``WithJsonSchema`` / ``json_schema_extra``, which pydantic never enforces:
enforcing them at the edge too would report a broken rule twice. The numbers come from the domain's
constants; ``tests/api/test_openapi.py`` holds the document to them and the patterns to the rules.
"""

from __future__ import annotations

from typing import Any, Final

from domain.articles import Body, Description, Tags, Title
from domain.comments import CommentBody
from domain.paging import PageRequest
from domain.users import Bio, Email, ImageUrl, Password, Username

Schema = dict[str, Any]

# JSON Schema patterns are not anchored: this one says "not blank".
NOT_BLANK: Final = r"\S"
USERNAME_PATTERN: Final = r"^[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?$"
EMAIL_PATTERN: Final = r"^[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+$"


def _text(description: str, *, maximum: int, minimum: int = 0, **keywords: Any) -> Schema:
    schema: Schema = {"type": "string", "description": description, "maxLength": maximum}
    if minimum:
        schema["minLength"] = minimum
    return schema | keywords


USERNAME: Final = _text(
    f"{Username.MIN}-{Username.MAX} letters, digits, `_`, `.` or `-`, starting and ending with a "
    "letter or digit; unique ignoring case.",
    minimum=Username.MIN,
    maximum=Username.MAX,
    pattern=USERNAME_PATTERN,
)
EMAIL: Final = _text(
    "An address `local@domain.tld`; unique ignoring case.",
    maximum=Email.MAX,
    pattern=EMAIL_PATTERN,
)
PASSWORD: Final = _text(
    f"{Password.MIN}-{Password.MAX} characters, taken as sent (not trimmed).",
    minimum=Password.MIN,
    maximum=Password.MAX,
)
BIO: Final = _text("About the user; `null` clears it.", maximum=Bio.MAX)
IMAGE: Final = _text(
    'An `http` or `https` URL of the user\'s picture; `null` or `""` clears it.',
    maximum=ImageUrl.MAX,
)
TITLE: Final = _text(
    "Not blank; the slug is made from it.", minimum=1, maximum=Title.MAX, pattern=NOT_BLANK
)
DESCRIPTION: Final = _text("Not blank.", minimum=1, maximum=Description.MAX, pattern=NOT_BLANK)
BODY: Final = _text("Markdown; not blank.", minimum=1, maximum=Body.MAX, pattern=NOT_BLANK)
COMMENT_BODY: Final = _text("Not blank.", minimum=1, maximum=CommentBody.MAX, pattern=NOT_BLANK)
TAG_LIST: Final[Schema] = {
    "type": "array",
    "description": f"At most {Tags.MAX_COUNT} tags of at most {Tags.MAX_LENGTH} characters; each "
    "is trimmed, blanks are dropped and duplicates count once.",
    "items": {"type": "string", "maxLength": Tags.MAX_LENGTH},
    "maxItems": Tags.MAX_COUNT,
}


def nullable(schema: Schema) -> Schema:
    """``schema`` or ``null``, for an optional field where ``null`` is a value (it clears)."""
    described = {key: value for key, value in schema.items() if key != "description"}
    return {"anyOf": [described, {"type": "null"}], "description": schema["description"]}


LIMIT_DESCRIPTION: Final = (
    f"How many articles to return; values above {PageRequest.MAX_LIMIT} count as "
    f"{PageRequest.MAX_LIMIT}."
)
OFFSET_MAXIMUM: Final = PageRequest.MAX_OFFSET
