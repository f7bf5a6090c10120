"""Structured logs: one structlog pipeline for Quill's own events and for every stdlib record
(uvicorn's, SQLAlchemy's, asyncio's …), rendered as one JSON object per line on stdout, or for a
person at a development terminal.

Quill's own events (the access line, an unhandled error) are structlog loggers that write the
rendered line straight to stdout; everything else reaches the root ``logging`` logger, whose one
handler formats it with ``structlog.stdlib.ProcessorFormatter`` through the same processors. Both
write under the handler's lock, so lines from threads never interleave.
"""

from __future__ import annotations

import json
import logging
import sys
import time
import traceback
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any, Final, TextIO

import structlog
from structlog.typing import EventDict, Processor

from application.context import current_correlation
from entrypoints.observability.redaction import redact
from entrypoints.settings import Settings

# Libraries whose DEBUG/INFO records carry SQL parameters (emails, password hashes): held at
# WARNING whatever QUILL_LOG_LEVEL says. ``sqlalchemy`` sets this itself on import; stating it
# keeps a DEBUG root from ever turning statement logging on. ``hpack`` logs HTTP/2 headers.
QUIET_LIBRARIES: Final = ("sqlalchemy", "aiosqlite", "hpack")
# uvicorn's loggers: their records join the root's handler (plain ``uvicorn`` gives them their
# own). Its access lines are dropped: the request middleware writes Quill's.
UVICORN_LOGGERS: Final = ("uvicorn", "uvicorn.error", "uvicorn.asgi")
UVICORN_ACCESS: Final = "uvicorn.access"


class _StdoutHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stdout`` is when the line is written (not when it was set up), so
    a process whose stdout is replaced later (a test's capture, a redirect) still gets its lines."""

    @property
    def stream(self) -> IO[str]:
        return sys.stdout

    @stream.setter
    def stream(self, _value: IO[str]) -> None:
        pass  # StreamHandler.__init__ assigns one; the property always answers sys.stdout


# The one handler on the root logger (configure_logging adds it once).
STDOUT_HANDLER: Final = _StdoutHandler()


class StdoutLogger:
    """structlog's final logger for Quill's own events: the rendered line, to stdout, under the
    stdlib handler's lock (each method structlog calls, whatever the level, writes the line)."""

    __slots__ = ("name",)

    def __init__(self, name: str = "quill") -> None:
        self.name = name

    def msg(self, line: str) -> None:
        out: TextIO = sys.stdout
        with STDOUT_HANDLER.lock:  # type: ignore[union-attr]
            out.write(line + "\n")
            out.flush()

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


def _logger_factory(*args: Any) -> StdoutLogger:
    return StdoutLogger(args[0] if args else "quill")


ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _exc_info(value: object) -> ExcInfo | None:
    if isinstance(value, BaseException):
        return type(value), value, value.__traceback__
    if isinstance(value, tuple) and len(value) == 3 and value[0] is not None:
        return value
    if value is True:
        found = sys.exc_info()
        return found if found[0] is not None else None
    return None


def exception_fields(_logger: object, _method: str, event_dict: EventDict) -> EventDict:
    """``exc_info`` as three fields of the line: the exception's type, its message and the whole
    traceback as one string (never lines of plain text between the JSON objects)."""
    info = _exc_info(event_dict.pop("exc_info", None))
    if info is not None:
        kind, error, tb = info
        event_dict["exception"] = kind.__qualname__
        event_dict["exception_message"] = str(error)
        event_dict["traceback"] = "".join(traceback.format_exception(kind, error, tb))
    return event_dict


class UtcTimestamp:
    """``timestamp``: RFC 3339 UTC with milliseconds and ``Z`` (structlog's ISO stamper formats the
    whole date for every line; this formats it once a second)."""

    __slots__ = ("_second",)

    def __init__(self) -> None:
        self._second: tuple[int, str] = (-1, "")

    def __call__(self, _logger: object, _method: str, event_dict: EventDict) -> EventDict:
        event_dict["timestamp"] = self.now()
        return event_dict

    def now(self) -> str:
        now = time.time()
        whole = int(now)
        second = self._second  # one tuple, swapped whole, so threads never see half an update
        if second[0] != whole:
            second = (whole, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)))
            self._second = second
        return f"{second[1]}.{int((now - whole) * 1000):03d}Z"


# Values JSON has no type for (a UUID, a datetime, a path) are written as their str().
JSON_ENCODER: Final = json.JSONEncoder(separators=(",", ":"), default=str)


def render_json(_logger: object, _method: str, event_dict: EventDict) -> str:
    """One JSON object; when, how bad, from where and what come first, for a person reading."""
    line = {
        "timestamp": event_dict.pop("timestamp", None),
        "level": event_dict.pop("level", None),
        "logger": event_dict.pop("logger", None),
        "event": event_dict.pop("event", None),
    }
    line.update(event_dict)
    return JSON_ENCODER.encode(line)


def _renderer(settings: Settings) -> Processor:
    if wants_console(settings):
        return structlog.dev.ConsoleRenderer()
    return render_json


def wants_console(settings: Settings) -> bool:
    """QUILL_LOG_FORMAT, or when unset: the console renderer only on a development terminal."""
    if settings.log_format is not None:
        return settings.log_format == "console"
    return settings.env == "development" and sys.stdout.isatty()


TIMESTAMP: Final = UtcTimestamp()
_REMOVE_META: Final = structlog.stdlib.ProcessorFormatter.remove_processors_meta


def add_request_id(_logger: object, _method: str, event_dict: EventDict) -> EventDict:
    """The id of the request being served (the request middleware binds its correlation): one
    context variable read per line instead of a structlog binding per request."""
    request_id = current_correlation().request_id
    if request_id is not None:
        event_dict.setdefault("request_id", request_id)
    return event_dict


def _shared() -> list[Processor]:
    """What every line gets, from structlog or from stdlib, before it is rendered."""
    return [
        structlog.contextvars.merge_contextvars,
        add_request_id,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        TIMESTAMP,
    ]


@dataclass(frozen=True, slots=True)
class Pipeline:
    """What the last ``configure_logging`` chose, for writers that format their own lines (the
    access line): they follow the process's set-up as structlog's loggers do."""

    level: int = logging.INFO
    console: bool = False


_pipeline = Pipeline()


def current_pipeline() -> Pipeline:
    return _pipeline


def configure_logging(settings: Settings) -> None:
    """Set up structlog and the stdlib root for ``settings``; calling it again replaces the
    previous set-up (each uvicorn worker's app factory and ``quill serve``'s parent both do)."""
    global _pipeline  # noqa: PLW0603 - the process's one logging set-up, replaced whole
    level = logging.getLevelNamesMapping()[settings.log_level]
    console = wants_console(settings)
    _pipeline = Pipeline(level=level, console=console)
    # The console renderer formats ``exc_info`` itself, for a person; JSON gets it as fields.
    finish: list[Processor] = [redact] if console else [exception_fields, redact]
    renderer = _renderer(settings)
    structlog.configure(
        processors=[*_shared(), *finish, renderer],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=_logger_factory,
        cache_logger_on_first_use=False,
    )
    STDOUT_HANDLER.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=_shared(),
            processors=[_REMOVE_META, *finish, renderer],
        )
    )
    root = logging.getLogger()
    if STDOUT_HANDLER not in root.handlers:
        root.addHandler(STDOUT_HANDLER)
    root.setLevel(level)
    for name in UVICORN_LOGGERS:
        _join_root(logging.getLogger(name), logging.NOTSET)
    _join_root(logging.getLogger(UVICORN_ACCESS), logging.WARNING)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(level, logging.WARNING))


def _join_root(logger: logging.Logger, level: int) -> None:
    logger.handlers.clear()
    logger.propagate = True
    logger.setLevel(level)
