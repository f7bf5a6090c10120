"""Where the RealWorld surface lives: every route's path starts with ``PREFIX``."""

from typing import Final

PREFIX: Final = "/api"
