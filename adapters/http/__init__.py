"""Outbound HTTP: the one ``httpx.AsyncClient`` factory every call Quill makes goes through."""

from adapters.http.client import HTTP_TIMEOUTS, outbound_client

__all__ = ["HTTP_TIMEOUTS", "outbound_client"]
