"""The access line's JSON, formatted directly (``entrypoints/observability/access.py``): the same
object the structlog pipeline would render, whatever characters a client put in the fields it can
shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from entrypoints.observability.access import AccessLog
from entrypoints.observability.logs import configure_logging
from entrypoints.settings import Settings

Capture = pytest.CaptureFixture[str]


def written(capsys: Capture, level: str = "INFO", **fields: object) -> dict[str, object]:
    settings = Settings(env="test", log_level=level)
    configure_logging(settings)
    capsys.readouterr()
    values: dict[str, object] = {
        "polled": False,
        "request_id": "r-1",
        "method": "GET",
        "route": "/api/tags",
        "status": 200,
        "duration_ms": 1.25,
        "client": "127.0.0.1",
        "user_id": None,
    }
    values.update(fields)
    AccessLog().write(**values)  # type: ignore[arg-type]
    [line] = capsys.readouterr().out.splitlines()
    found = json.loads(line)
    assert isinstance(found, dict)
    return found


def test_the_line_holds_the_standard_fields_first_then_the_request(capsys: Capture) -> None:
    line = written(capsys, user_id="6f1c2f0e-8d1e-4c5e-9a43-0a4f0f1d2c3b")

    assert list(line) == [
        "timestamp", "level", "logger", "event", "method", "route", "status", "duration_ms",
        "client", "user_id", "request_id",
    ]  # fmt: skip
    assert (line["level"], line["logger"], line["event"]) == ("info", "quill.access", "request")
    assert (line["status"], line["duration_ms"], line["request_id"]) == (200, 1.25, "r-1")
    stamp = datetime.fromisoformat(str(line["timestamp"]))
    assert str(line["timestamp"]).endswith("Z")
    assert abs(datetime.now(UTC) - stamp) < timedelta(seconds=5)


@pytest.mark.parametrize(
    "hostile", ['GE"T', "a\\b", "line\nbreak", "tab\there", "caf\u00e9 \u2603", "\x00\x1f"]
)
def test_characters_a_client_can_send_stay_inside_their_string(
    capsys: Capture, hostile: str
) -> None:
    line = written(capsys, method=hostile, route=hostile, client=hostile)

    assert (line["method"], line["route"], line["client"]) == (hostile, hostile, hostile)
    assert line["request_id"] == "r-1"


def test_an_unknown_client_and_a_polled_path(capsys: Capture) -> None:
    line = written(capsys, "DEBUG", client=None, polled=True, route="/healthz")

    assert line["client"] is None
    assert line["level"] == "debug"
