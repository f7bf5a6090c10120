"""The logging pipeline itself: every record, Quill's or a library's, becomes one JSON line on
stdout with its timestamp, level, logger and event; exceptions become fields; the level and the
format follow the settings; configuring twice changes nothing."""

from __future__ import annotations

import io
import json
import logging
import logging.config
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import structlog
from uvicorn.config import LOGGING_CONFIG

from entrypoints.observability.logs import configure_logging, wants_console
from entrypoints.settings import Settings
from tests.support.logs import json_lines

Capture = pytest.CaptureFixture[str]


@pytest.fixture(autouse=True)
def json_logs() -> Iterator[None]:
    configure_logging(Settings(env="test"))
    yield
    configure_logging(Settings(env="test"))  # whatever a test switched to, the suite's set-up


def timestamp_of(line: dict[str, object]) -> datetime:
    text = line["timestamp"]
    assert isinstance(text, str)
    assert text.endswith("Z")
    return datetime.fromisoformat(text)


@pytest.mark.parametrize("name", ["uvicorn", "uvicorn.error", "sqlalchemy.pool", "asyncio", "x.y"])
def test_a_stdlib_record_is_one_json_line_with_the_standard_fields(
    name: str, capsys: Capture
) -> None:
    before = datetime.now(UTC)
    logging.getLogger(name).warning("Started server process [%d]", 4242)

    [line] = json_lines(capsys.readouterr().out)
    assert line == {
        "timestamp": line["timestamp"],
        "level": "warning",
        "logger": name,
        "event": "Started server process [4242]",
    }
    assert timestamp_of(line).tzinfo == UTC
    assert abs((timestamp_of(line) - before).total_seconds()) < 60


def test_quill_events_carry_their_fields(capsys: Capture) -> None:
    structlog.get_logger("quill.test").info("something happened", count=3, ratio=0.5)

    [line] = json_lines(capsys.readouterr().out)
    assert (line["level"], line["logger"], line["event"]) == (
        "info",
        "quill.test",
        "something happened",
    )
    assert (line["count"], line["ratio"]) == (3, 0.5)
    assert list(line)[:4] == ["timestamp", "level", "logger", "event"]


def test_uvicorns_own_logging_config_gives_way_to_the_pipeline(capsys: Capture) -> None:
    # What plain `uvicorn entrypoints.api.asgi:app` does before it imports the app.
    logging.config.dictConfig(LOGGING_CONFIG)
    configure_logging(Settings(env="test"))

    logging.getLogger("uvicorn.error").info("Application startup complete.")
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /api/tags HTTP/1.1" 200')

    captured = capsys.readouterr()
    [line] = json_lines(captured.out)  # the access record is dropped: Quill writes its own
    assert (line["logger"], line["event"]) == ("uvicorn.error", "Application startup complete.")
    assert captured.err == ""


def broken() -> None:
    raise ValueError("the value was wrong")


def test_a_stdlib_exception_is_fields_not_lines_of_text(capsys: Capture) -> None:
    try:
        broken()
    except ValueError:
        logging.getLogger("uvicorn.error").exception("Exception in ASGI application")

    out = capsys.readouterr().out
    assert len(out.splitlines()) == 1
    [line] = json_lines(out)
    assert (line["level"], line["event"]) == ("error", "Exception in ASGI application")
    assert (line["exception"], line["exception_message"]) == ("ValueError", "the value was wrong")
    assert line["traceback"].startswith("Traceback (most recent call last)")
    assert "in broken" in line["traceback"]


def test_a_structlog_exception_is_fields_too(capsys: Capture) -> None:
    try:
        broken()
    except ValueError:
        structlog.get_logger("quill.test").error("it failed", exc_info=True)

    [line] = json_lines(capsys.readouterr().out)
    assert line["exception"] == "ValueError"
    assert "in broken" in line["traceback"]


def test_configuring_twice_writes_each_record_once(capsys: Capture) -> None:
    configure_logging(Settings(env="test"))
    configure_logging(Settings(env="test"))

    logging.getLogger("twice").warning("once")
    structlog.get_logger("twice").warning("once")

    assert [line["event"] for line in json_lines(capsys.readouterr().out)] == ["once", "once"]


def test_the_level_setting_filters_quill_and_library_records(capsys: Capture) -> None:
    configure_logging(Settings(env="test", log_level="WARNING"))
    logging.getLogger("lib").info("lib info")
    structlog.get_logger("quill.test").info("quill info")
    logging.getLogger("lib").warning("lib warning")
    assert [line["event"] for line in json_lines(capsys.readouterr().out)] == ["lib warning"]

    configure_logging(Settings(env="test", log_level="debug"))
    logging.getLogger("lib").debug("lib debug")
    structlog.get_logger("quill.test").debug("quill debug")
    assert [line["event"] for line in json_lines(capsys.readouterr().out)] == [
        "lib debug",
        "quill debug",
    ]


def test_libraries_that_log_sql_parameters_stay_quiet_even_at_debug() -> None:
    configure_logging(Settings(env="test", log_level="DEBUG"))

    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
    assert not logging.getLogger("sqlalchemy.pool").isEnabledFor(logging.INFO)
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("sqlalchemy").isEnabledFor(logging.WARNING)


def test_secrets_are_masked_on_the_way_out(capsys: Capture) -> None:
    structlog.get_logger("quill.test").info("login", password="hunter2-pw", user="u-1")
    logging.getLogger("lib").warning(
        "sent Authorization: Bearer abcdefgh12345678 to ann@example.org"
    )

    out = capsys.readouterr().out
    quill, library = json_lines(out)
    assert (quill["password"], quill["user"]) == ("[redacted]", "u-1")
    assert library["event"] == "sent Authorization: Bearer [redacted] to [redacted]"
    for secret in ("hunter2-pw", "abcdefgh12345678", "ann@example.org"):
        assert secret not in out


def test_console_format_on_request_is_for_people(capsys: Capture) -> None:
    configure_logging(Settings(env="test", log_format="console"))

    structlog.get_logger("quill.test").info("readable event", answer=42)
    logging.getLogger("uvicorn.error").info("readable record")

    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    for text in lines:
        with pytest.raises(json.JSONDecodeError):
            json.loads(text)
    assert "readable event" in lines[0]
    assert "answer" in lines[0]
    assert "42" in lines[0]
    assert "readable record" in lines[1]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("env", "log_format", "terminal", "console"),
    [
        ("development", None, True, True),
        ("development", None, False, False),
        ("production", None, True, False),
        ("test", None, True, False),
        ("production", "console", False, True),
        ("development", "json", True, False),
    ],
)
def test_the_format_defaults_to_console_only_on_a_development_terminal(
    monkeypatch: pytest.MonkeyPatch, env: str, log_format: str | None, terminal: bool, console: bool
) -> None:
    monkeypatch.setattr("sys.stdout", Terminal() if terminal else io.StringIO())
    settings = Settings.model_validate({"env": env, "log_format": log_format})

    assert wants_console(settings) is console
