"""The access line: one per request, written by the request middleware.

It runs on every request, after the response, with the caches cold from serving it; through
structlog's whole chain it cost several times what it costs in a loop (``bench/README.md``). Its
fields are few, fixed and never secret (the route template, not the path; the caller's id, not
its name), so the JSON line is formatted here in one step, with the keys and order every other
line has. On a development console it goes through structlog, for a person to read. The level
and the format are the process's logging set-up (``configure_logging``), as for every other line.
"""

from __future__ import annotations

import logging
from json.encoder import encode_basestring_ascii
from typing import Final

import structlog

from entrypoints.observability.logs import TIMESTAMP, StdoutLogger, current_pipeline

ACCESS_LOGGER: Final = "quill.access"
ACCESS_EVENT: Final = "request"
_PREFIX: Final = {
    polled: f'","level":"{"debug" if polled else "info"}","logger":"{ACCESS_LOGGER}",'
    f'"event":"{ACCESS_EVENT}","method":'
    for polled in (False, True)
}


class AccessLog:
    """Writes access lines at INFO, or at DEBUG for what is polled (probes, scrapes)."""

    __slots__ = ("_console", "_out")

    def __init__(self) -> None:
        self._out = StdoutLogger(ACCESS_LOGGER)
        self._console = structlog.get_logger(ACCESS_LOGGER).bind()

    def write(
        self,
        *,
        polled: bool,
        request_id: str,
        method: str,
        route: str,
        status: int,
        duration_ms: float,
        client: str | None,
        user_id: str | None,
    ) -> None:
        pipeline = current_pipeline()
        if pipeline.level > (logging.DEBUG if polled else logging.INFO):
            return
        if pipeline.console:
            fields: dict[str, object] = {"method": method, "route": route, "status": status}
            fields |= {"duration_ms": duration_ms, "client": client}
            if user_id is not None:
                fields["user_id"] = user_id
            log = self._console.debug if polled else self._console.info
            log(ACCESS_EVENT, **fields)  # the request id comes from the bound correlation
            return
        # What render_json would write for these fields. The strings a client can shape (method,
        # route, client address) go through the C escaper; the rest are Quill's own: the
        # timestamp, numbers, the caller's UUID and a request id of [A-Za-z0-9._:-].
        user = "" if user_id is None else f',"user_id":"{user_id}"'
        address = "null" if client is None else encode_basestring_ascii(client)
        self._out.msg(
            f'{{"timestamp":"{TIMESTAMP.now()}{_PREFIX[polled]}{encode_basestring_ascii(method)},'
            f'"route":{encode_basestring_ascii(route)},"status":{status},'
            f'"duration_ms":{duration_ms!r},"client":{address}{user},"request_id":"{request_id}"}}'
        )
