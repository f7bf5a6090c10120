"""What ``quill serve`` sets up around uvicorn for metrics (``ServedMetrics``), in process: the
``/metrics`` server on its own port, the private multiprocess folder for several workers, and
the environment the workers read, all undone on exit."""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from entrypoints.observability.metrics import (
    METRICS_PORT_ENV,
    MULTIPROCESS_DIR_ENV,
    ServedMetrics,
)
from entrypoints.observability.service_metrics import LOGIN_FAILURES
from entrypoints.settings import ConfigurationError, Settings
from tests.e2e.server import free_port
from tests.support.metrics import PROMETHEUS_TEXT, Scrape

HOST = "127.0.0.1"
FAILURES = "quill_login_failures_total"


def scrape(port: int) -> Scrape:
    response = httpx.get(f"http://{HOST}:{port}/metrics", timeout=10.0)
    assert response.status_code == 200
    assert response.headers["content-type"] == PROMETHEUS_TEXT
    return Scrape.parse(response.text)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(METRICS_PORT_ENV, raising=False)
    monkeypatch.delenv(MULTIPROCESS_DIR_ENV, raising=False)
    yield
    assert METRICS_PORT_ENV not in os.environ
    assert MULTIPROCESS_DIR_ENV not in os.environ


def settings(**values: object) -> Settings:
    return Settings.model_validate({"env": "test", **values})


def test_one_worker_with_a_metrics_port_serves_this_process_metrics_there() -> None:
    port = free_port()
    with ServedMetrics.start(settings(), host=HOST, port=port, workers=1):
        assert os.environ[METRICS_PORT_ENV] == str(port)  # the app leaves /metrics out
        assert MULTIPROCESS_DIR_ENV not in os.environ
        before = scrape(port)
        LOGIN_FAILURES.inc()  # as the app in this process would
        after = scrape(port)

    assert after.value(FAILURES) == before.value(FAILURES) + 1
    with pytest.raises(httpx.ConnectError):  # stopped with the server
        httpx.get(f"http://{HOST}:{port}/metrics", timeout=2.0)


def test_the_setting_names_the_port_when_the_option_does_not() -> None:
    port = free_port()
    with ServedMetrics.start(settings(metrics_port=port), host=HOST, port=None, workers=1):
        assert FAILURES in scrape(port).samples_named()


def test_several_workers_get_a_private_folder_that_is_removed_afterwards() -> None:
    with ServedMetrics.start(settings(), host=HOST, port=None, workers=2):
        folder = Path(os.environ[MULTIPROCESS_DIR_ENV])
        assert folder.is_dir()
        assert list(folder.iterdir()) == []
        assert METRICS_PORT_ENV not in os.environ

    assert not folder.exists()


def test_a_variable_set_before_is_restored_afterwards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(METRICS_PORT_ENV, "9999")
    port = free_port()
    with ServedMetrics.start(settings(), host=HOST, port=port, workers=1):
        assert os.environ[METRICS_PORT_ENV] == str(port)

    assert os.environ[METRICS_PORT_ENV] == "9999"
    monkeypatch.delenv(METRICS_PORT_ENV)


def test_with_metrics_off_nothing_is_set_up() -> None:
    port = free_port()
    with ServedMetrics.start(settings(metrics_enabled=False), host=HOST, port=port, workers=2):
        assert MULTIPROCESS_DIR_ENV not in os.environ
        assert METRICS_PORT_ENV not in os.environ
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://{HOST}:{port}/metrics", timeout=2.0)


def test_a_metrics_port_in_use_is_a_configuration_error_that_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(ConfigurationError, match=f"cannot serve /metrics on {HOST}:{port}"):
            ServedMetrics.start(settings(), host=HOST, port=port, workers=2)

    assert list(tmp_path.iterdir()) == []  # the multiprocess folder went too
