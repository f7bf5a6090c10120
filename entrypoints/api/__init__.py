"""The HTTP entrypoint: ``create_app(settings)`` builds the FastAPI application."""

from __future__ import annotations

from entrypoints.api.app import create_app

__all__ = ["create_app"]
