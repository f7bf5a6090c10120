"""The use cases the HTTP surfaces call, resolved once from the container at start-up.

Routes receive them through plain ``async def`` dependencies: no dependency-injector machinery runs
per request, and no sync dependency sends a request through the threadpool.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from starlette.requests import Request

from application.articles import Articles
from application.comments import Comments
from application.profiles import Profiles
from application.users import Users
from entrypoints.container import Container


@dataclass(frozen=True, slots=True)
class UseCases:
    users: Users
    profiles: Profiles
    articles: Articles
    comments: Comments

    @classmethod
    def resolve(cls, container: Container) -> UseCases:
        """Build each use case once, at start-up."""
        return cls(
            users=container.users(),
            profiles=container.profiles(),
            articles=container.articles(),
            comments=container.comments(),
        )


def use_cases(request: Request) -> UseCases:
    found: UseCases = request.app.state.use_cases
    return found


async def users(request: Request) -> Users:
    return use_cases(request).users


async def profiles(request: Request) -> Profiles:
    return use_cases(request).profiles


async def articles(request: Request) -> Articles:
    return use_cases(request).articles


async def comments(request: Request) -> Comments:
    return use_cases(request).comments


UsersDep = Annotated[Users, Depends(users)]
ProfilesDep = Annotated[Profiles, Depends(profiles)]
ArticlesDep = Annotated[Articles, Depends(articles)]
CommentsDep = Annotated[Comments, Depends(comments)]
