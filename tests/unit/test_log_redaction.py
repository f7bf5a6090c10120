"""The redaction processor, the last line of defence: sensitive keys lose their values, and
secret-looking parts of any other text are masked; everything else passes untouched."""

from __future__ import annotations

from typing import Any

import pytest

from entrypoints.observability.redaction import REDACTED, redact, redact_text

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXBhcnQ"


def redacted(**fields: Any) -> dict[str, Any]:
    result: dict[str, Any] = redact(None, "info", dict(fields))
    return result


@pytest.mark.parametrize(
    "key",
    [
        "password", "new_password", "PASSWORD", "token", "access_token", "authorization",
        "Authorization", "cookie", "set-cookie", "secret", "jwt_secret", "secret_key", "email",
        "new_email", "x-api-key", "api_key", "credentials",
    ],
)  # fmt: skip
def test_a_sensitive_key_loses_its_value_whatever_it_is(key: str) -> None:
    assert redacted(**{key: "anything at all"})[key] == REDACTED
    assert redacted(**{key: 12345})[key] == REDACTED


def test_sensitive_keys_inside_nested_values_are_masked() -> None:
    line = redacted(
        request={"headers": {"Authorization": "x", "Accept": "json"}}, items=[{"email": "e"}]
    )

    assert line["request"] == {"headers": {"Authorization": REDACTED, "Accept": "json"}}
    assert line["items"] == [{"email": REDACTED}]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("header Bearer abcdefgh12345678 sent", f"header Bearer {REDACTED} sent"),
        ("Authorization: Token " + JWT, f"Authorization: Token {REDACTED}"),
        ("got " + JWT + " back", f"got {REDACTED} back"),
        ("user ann.lee+tag@mail.example.org signed up", f"user {REDACTED} signed up"),
        ("cannot reach postgresql://quill:hunter2@db:5432/quill", f"cannot reach postgresql://quill:{REDACTED}@db:5432/quill"),
    ],
)  # fmt: skip
def test_secret_looking_parts_of_any_text_are_masked(text: str, expected: str) -> None:
    assert redact_text(text) == expected
    assert redacted(event=text, detail=text) == {"event": expected, "detail": expected}


@pytest.mark.parametrize(
    "text",
    [
        "request",
        "Application startup complete.",
        "Token expired",  # no credential after the word
        "GET /api/articles/{slug}",
        "10.0.0.1",
        "user @ home",
    ],
)
def test_ordinary_text_passes_untouched(text: str) -> None:
    assert redact_text(text) == text


def test_the_lines_own_fields_and_other_values_pass_untouched() -> None:
    fields = {
        "timestamp": "2026-01-01T00:00:00.000Z", "level": "info", "logger": "quill.access",
        "method": "GET", "route": "/api/user", "status": 200, "duration_ms": 1.5,
        "user_id": "6f1e0f7c-0000-4000-8000-000000000001", "request_id": "abc", "ok": True,
    }  # fmt: skip

    assert redacted(**fields) == fields
