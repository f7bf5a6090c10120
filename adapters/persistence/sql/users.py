"""Users and follows: the write-side repositories for accounts and who follows whom."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, delete, exists, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.persistence.sql.errors import (
    missing_parent_as_not_found,
    unique_violations_as_domain_errors,
)
from adapters.persistence.sql.statements import insert_ignoring_conflicts
from adapters.persistence.sql.tables import user_account, user_follow
from application.ports import FollowRepository, UserRepository
from application.views import UserSummary
from domain.ids import UserId
from domain.paging import PageRequest
from domain.users import Bio, Email, ImageUrl, User, Username, email_key

_u = user_account.c
_COLUMNS = (
    _u.id,
    _u.username,
    _u.email,
    _u.password_hash,
    _u.bio,
    _u.image,
    _u.created_at,
    _u.updated_at,
)
_BY_ID = select(*_COLUMNS).where(_u.id == bindparam("user_id"))
_BY_USERNAME = select(*_COLUMNS).where(func.lower(_u.username) == func.lower(bindparam("username")))
_BY_EMAIL = select(*_COLUMNS).where(_u.email_key == bindparam("email_key"))
_INSERT = insert(user_account)
_UPDATE = (
    update(user_account)
    .where(_u.id == bindparam("user_id"))
    .values(
        username=bindparam("username"),
        email=bindparam("email"),
        email_key=bindparam("email_key"),
        password_hash=bindparam("password_hash"),
        bio=bindparam("bio"),
        image=bindparam("image"),
        updated_at=bindparam("updated_at"),
    )
)
_REPLACE_PASSWORD_HASH = (
    update(user_account)
    .where(_u.id == bindparam("user_id"), _u.password_hash == bindparam("old"))
    .values(password_hash=bindparam("new"))
)
_REGISTERED = (
    select(_u.username, _u.email, _u.created_at)
    .order_by(_u.created_at, _u.id)
    .limit(bindparam("limit"))
    .offset(bindparam("offset"))
)

_f = user_follow.c
_FOLLOW = insert_ignoring_conflicts(user_follow)
_UNFOLLOW = delete(user_follow).where(
    _f.follower_id == bindparam("follower_id"), _f.followee_id == bindparam("followee_id")
)
_FOLLOWS = select(
    exists().where(
        _f.follower_id == bindparam("follower_id"), _f.followee_id == bindparam("followee_id")
    )
)


def _user(row: Row[Any]) -> User:
    return User(
        id=row.id,
        username=Username(row.username),
        email=Email(row.email),
        password_hash=row.password_hash,
        bio=None if row.bio is None else Bio(row.bio),
        image=None if row.image is None else ImageUrl(row.image),
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _values(user: User) -> dict[str, Any]:
    return {
        "username": user.username.value,
        "email": user.email.value,
        "email_key": user.email.key,
        "password_hash": user.password_hash,
        "bio": None if user.bio is None else user.bio.value,
        "image": None if user.image is None else user.image.value,
        "updated_at": user.updated_at,
    }


class SqlUserRepository(UserRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection

    async def add(self, user: User) -> None:
        with unique_violations_as_domain_errors():
            await self._connection.execute(
                _INSERT, {"id": user.id, "created_at": user.created_at, **_values(user)}
            )

    async def save(self, user: User) -> None:
        with unique_violations_as_domain_errors():
            await self._connection.execute(_UPDATE, {"user_id": user.id, **_values(user)})

    async def by_id(self, user_id: UserId) -> User | None:
        return await self._one(_BY_ID, {"user_id": user_id})

    async def by_username(self, username: str) -> User | None:
        return await self._one(_BY_USERNAME, {"username": username})

    async def by_email(self, email: str) -> User | None:
        return await self._one(_BY_EMAIL, {"email_key": email_key(email)})

    async def replace_password_hash(self, user_id: UserId, old: str, new: str) -> bool:
        result = await self._connection.execute(
            _REPLACE_PASSWORD_HASH, {"user_id": user_id, "old": old, "new": new}
        )
        return result.rowcount == 1

    async def registered(self, page: PageRequest) -> list[UserSummary]:
        result = await self._connection.execute(
            _REGISTERED, {"limit": page.limit, "offset": page.offset}
        )
        return [
            UserSummary(username=r.username, email=r.email, created_at=r.created_at) for r in result
        ]

    async def _one(self, statement: Any, params: dict[str, Any]) -> User | None:
        row = (await self._connection.execute(statement, params)).first()
        return None if row is None else _user(row)


class SqlFollowRepository(FollowRepository):
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._follow = _FOLLOW[connection.dialect.name]

    async def add(self, follower_id: UserId, followee_id: UserId) -> bool:
        with missing_parent_as_not_found("user", (follower_id, followee_id)):
            result = await self._connection.execute(
                self._follow, {"follower_id": follower_id, "followee_id": followee_id}
            )
        return result.rowcount == 1

    async def remove(self, follower_id: UserId, followee_id: UserId) -> bool:
        result = await self._connection.execute(
            _UNFOLLOW, {"follower_id": follower_id, "followee_id": followee_id}
        )
        return result.rowcount == 1

    async def exists(self, follower_id: UserId, followee_id: UserId) -> bool:
        result = await self._connection.execute(
            _FOLLOWS, {"follower_id": follower_id, "followee_id": followee_id}
        )
        return bool(result.scalar_one())
