"""The use cases the HTTP surfaces call, resolved once from the container at start-up.

Routes take them from the request (``use_cases(request)``): no dependency-injector machinery and no
FastAPI dependency runs per request.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from application.articles import Articles
from application.comments import Comments
from application.profiles import Profiles
from application.users import Users
from entrypoints.container import Container


@dataclass(frozen=True, slots=True)
class UseCases:
    users: Users
    # The same account use cases, issuing /api/v1's access tokens (their own audience and TTL).
    v1_users: Users
    profiles: Profiles
    articles: Articles
    comments: Comments

    @classmethod
    def resolve(cls, container: Container) -> UseCases:
        """Build each use case once, at start-up."""
        return cls(
            users=container.users(),
            v1_users=container.v1_users(),
            profiles=container.profiles(),
            articles=container.articles(),
            comments=container.comments(),
        )


def use_cases(request: Request) -> UseCases:
    found: UseCases = request.app.state.use_cases
    return found
