"""The ASGI object servers import: ``uvicorn entrypoints.api.asgi:app``.

Settings come from the environment (``QUILL_*``); nothing is opened until the server runs the
lifespan.
"""

from __future__ import annotations

from entrypoints.api import create_app

app = create_app()
