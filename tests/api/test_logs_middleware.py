"""The request middleware around a small app of its own: quiet probe lines, the HTTP metrics and
their switch, and a failure after the response has started."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from entrypoints.api.observe import ObserveMiddleware
from entrypoints.observability.logs import configure_logging
from entrypoints.settings import Settings
from tests.support.logs import events, json_lines

IN_FLIGHT = "quill_http_requests_in_flight"
seen_in_flight: list[float | None] = []


async def item(_: Request) -> Response:
    seen_in_flight.append(REGISTRY.get_sample_value(IN_FLIGHT))
    return PlainTextResponse("item")


async def probe(_: Request) -> Response:
    return PlainTextResponse("ok")


class StreamThenFail:
    """An endpoint that starts its answer and then breaks."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part", "more_body": True})
        raise ConnectionError("the upstream went away mid-stream")


def server_error() -> Response:
    return PlainTextResponse("down", status_code=500)


def observed_app(**settings: Any) -> ObserveMiddleware:
    app = Starlette(
        routes=[
            Route("/items/{key}", item),
            Route("/healthz", probe),
            Route("/metrics", probe),
            Route("/stream", StreamThenFail()),
        ]
    )
    return ObserveMiddleware(app, settings=Settings(**settings), server_error=server_error)


@pytest.fixture(autouse=True)
def json_logs() -> Iterator[None]:
    configure_logging(Settings(env="test"))
    yield
    configure_logging(Settings(env="test"))


def requests_total(route: str, status: str, method: str = "GET") -> float:
    labels = {"method": method, "route": route, "status": status}
    return REGISTRY.get_sample_value("quill_http_requests_total", labels) or 0.0


def latency_count(route: str, status: str) -> float:
    labels = {"method": "GET", "route": route, "status": status}
    return REGISTRY.get_sample_value("quill_http_request_duration_seconds_count", labels) or 0.0


async def get(app: ObserveMiddleware, path: str, method: str = "GET") -> httpx.Response:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://test"
    ) as client:
        return await client.request(method, path)


@pytest.mark.parametrize("path", ["/healthz", "/metrics"])
async def test_probe_and_scrape_lines_are_debug_only(
    path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    app = observed_app(env="test")
    await get(app, path)
    assert events(capsys.readouterr().out, "request") == []

    configure_logging(Settings(env="test", log_level="DEBUG"))
    await get(observed_app(env="test"), path)
    [line] = events(capsys.readouterr().out, "request")
    assert (line["level"], line["route"]) == ("debug", path)


async def test_requests_are_counted_and_timed_by_route_template_and_status() -> None:
    before = requests_total("/items/{key}", "200"), latency_count("/items/{key}", "200")
    in_flight_before = REGISTRY.get_sample_value(IN_FLIGHT)
    seen_in_flight.clear()
    app = observed_app(env="test")

    await get(app, "/items/1")
    await get(app, "/items/2")
    await get(app, "/nowhere")

    assert requests_total("/items/{key}", "200") == before[0] + 2
    assert latency_count("/items/{key}", "200") == before[1] + 2
    assert requests_total("unmatched", "404") >= 1
    assert seen_in_flight == [in_flight_before + 1] * 2  # type: ignore[operator]
    assert REGISTRY.get_sample_value(IN_FLIGHT) == in_flight_before


async def test_an_unknown_method_is_counted_as_other() -> None:
    before = requests_total("/items/{key}", "405", method="OTHER")

    await get(observed_app(env="test"), "/items/1", method="BREW")

    assert requests_total("/items/{key}", "405", method="OTHER") == before + 1
    assert requests_total("/items/{key}", "405", method="BREW") == 0


async def test_with_metrics_off_nothing_is_recorded() -> None:
    before = requests_total("/items/{key}", "200")
    seen_in_flight.clear()
    in_flight_before = REGISTRY.get_sample_value(IN_FLIGHT)

    await get(observed_app(env="test", metrics_enabled=False), "/items/1")

    assert requests_total("/items/{key}", "200") == before
    assert seen_in_flight == [in_flight_before]


async def test_a_failure_after_the_response_started_is_logged_once_and_not_answered_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    app = observed_app(env="test")
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http", "method": "GET", "path": "/stream", "raw_path": b"/stream",
        "query_string": b"", "root_path": "", "headers": [], "scheme": "http",
        "client": ("10.1.2.3", 4000), "server": ("test", 80),
    }  # fmt: skip

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(dict(message))

    await app(scope, receive, send)  # returns: the server closes the connection

    assert [message["type"] for message in sent] == ["http.response.start", "http.response.body"]
    lines = json_lines(capsys.readouterr().out)
    [error] = [line for line in lines if line["level"] == "error"]
    assert (error["event"], error["route"], error["exception"]) == (
        "unhandled error",
        "/stream",
        "ConnectionError",
    )
    [access] = [line for line in lines if line["event"] == "request"]
    assert (access["status"], access["client"]) == (200, "10.1.2.3")
