"""gzip: responses of at least 1 KiB are compressed for clients that ask for it, everything else
goes out as the app wrote it, and ``Vary`` keeps a shared cache from mixing the two up.
Compression does not depend on the database, so these run on the memory adapter only."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from entrypoints.api.compression import GZIP_MINIMUM_BYTES
from tests.api.conduit import Conduit
from tests.api.conftest import ORIGIN

Raw = tuple[httpx.Response, bytes]


@pytest.fixture
def db_kind() -> str:
    return "memory"


async def fetch(client: httpx.AsyncClient, path: str, accept_encoding: str | None) -> Raw:
    """The response and its body exactly as sent (httpx would otherwise decode it); with
    ``accept_encoding`` None the request carries no Accept-Encoding at all."""
    request = client.build_request("GET", path)
    del request.headers["Accept-Encoding"]
    if accept_encoding is not None:
        request.headers["Accept-Encoding"] = accept_encoding
    response = await client.send(request, stream=True)
    try:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    finally:
        await response.aclose()
    assert response.status_code == 200, raw
    return response, raw


def vary_of(response: httpx.Response) -> set[str]:
    values = ",".join(response.headers.get_list("Vary"))
    return {value.strip().lower() for value in values.split(",") if value.strip()}


@pytest.fixture
async def long_list(conduit: Conduit) -> bytes:
    """``/api/articles`` answered uncompressed, well over the threshold."""
    author = await conduit.register()
    for _ in range(6):
        await conduit.create_article(author)
    _, raw = await fetch(conduit.client, "/api/articles", None)
    assert len(raw) > 2 * GZIP_MINIMUM_BYTES
    return raw


async def test_a_list_of_a_kib_or_more_is_gzipped_for_a_client_that_asks(
    conduit: Conduit, long_list: bytes
) -> None:
    response, raw = await fetch(conduit.client, "/api/articles", "gzip, deflate")

    assert response.headers["Content-Encoding"] == "gzip"
    assert len(raw) < len(long_list)
    assert json.loads(gzip.decompress(raw)) == json.loads(long_list)


async def test_the_compressed_answer_declares_its_own_length(
    conduit: Conduit, long_list: bytes
) -> None:
    response, raw = await fetch(conduit.client, "/api/articles", "gzip")

    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers.get_list("Content-Length") == [str(len(raw))]


async def test_a_compressed_answer_varies_on_accept_encoding(
    conduit: Conduit, long_list: bytes
) -> None:
    response, _ = await fetch(conduit.client, "/api/articles", "gzip")

    assert "accept-encoding" in vary_of(response)


async def test_a_client_that_does_not_ask_gets_the_list_as_written_and_the_vary(
    conduit: Conduit, long_list: bytes
) -> None:
    response, raw = await fetch(conduit.client, "/api/articles", None)

    assert "Content-Encoding" not in response.headers
    assert raw == long_list
    assert response.headers.get_list("Content-Length") == [str(len(raw))]
    assert "accept-encoding" in vary_of(response)


@pytest.mark.parametrize("accept_encoding", ["identity", "br", "deflate"])
async def test_a_client_that_asks_for_another_coding_gets_the_list_as_written(
    conduit: Conduit, long_list: bytes, accept_encoding: str
) -> None:
    response, raw = await fetch(conduit.client, "/api/articles", accept_encoding)

    assert "Content-Encoding" not in response.headers
    assert raw == long_list
    assert "accept-encoding" in vary_of(response)


@pytest.mark.parametrize("accept_encoding", ["gzip", None])
async def test_a_response_under_a_kib_is_left_as_written(
    conduit: Conduit, accept_encoding: str | None
) -> None:
    response, raw = await fetch(conduit.client, "/api/tags", accept_encoding)

    assert len(raw) < GZIP_MINIMUM_BYTES
    assert "Content-Encoding" not in response.headers
    assert json.loads(raw) == {"tags": []}
    assert response.headers.get_list("Content-Length") == [str(len(raw))]


@pytest.mark.parametrize("accept_encoding", ["gzip", None])
async def test_vary_keeps_the_origin_that_cors_adds(
    conduit: Conduit, long_list: bytes, accept_encoding: str | None
) -> None:
    request = conduit.client.build_request("GET", "/api/articles", headers={"Origin": ORIGIN})
    if accept_encoding is None:
        del request.headers["Accept-Encoding"]
    else:
        request.headers["Accept-Encoding"] = accept_encoding

    response = await conduit.client.send(request)

    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert {"origin", "accept-encoding"} <= vary_of(response)
