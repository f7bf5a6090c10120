"""Accounts: register, log in, read and update the signed-in user, authenticate a token."""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import Clock, PasswordHasher, TokenService, UnitOfWorkFactory
from application.views import AccountView, UserSummary
from domain.errors import AlreadyExists, Unauthenticated, require_valid
from domain.ids import UserId
from domain.paging import PageRequest
from domain.text import normalize
from domain.users import (
    UNSET,
    Bio,
    Email,
    ImageUrl,
    Password,
    Unset,
    User,
    Username,
    optional_bio,
    optional_image,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Registration:
    username: str
    email: str
    password: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChanges:
    """Only the fields that are set change; ``None`` for bio or image clears it."""

    email: str | None = None
    username: str | None = None
    password: str | None = None
    bio: str | Unset | None = UNSET
    image: str | Unset | None = UNSET


class Users:
    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        hasher: PasswordHasher,
        tokens: TokenService,
        clock: Clock,
    ) -> None:
        self._uow, self._hasher, self._tokens, self._clock = uow, hasher, tokens, clock

    async def register(self, command: Registration) -> AccountView:
        require_valid(
            username=Username.problems(normalize(command.username)),
            email=Email.problems(normalize(command.email)),
            password=Password.problems(command.password),
        )
        username, email = Username.parse(command.username), Email.parse(command.email)
        password_hash = await self._hasher.hash(command.password)
        async with self._uow() as uow:
            if await uow.users.by_email(email.value) is not None:
                raise AlreadyExists("email")
            if await uow.users.by_username(username.value) is not None:
                raise AlreadyExists("username")
            user = User.register(
                username=username, email=email, password_hash=password_hash, now=self._clock.now()
            )
            await uow.users.add(user)
            await uow.outbox.add(user.pull_events())
            await uow.commit()
        return self._account(user)

    async def login(self, *, email: str, password: str) -> AccountView:
        """``Unauthenticated`` for an unknown email and a wrong password alike."""
        require_valid(
            email=["can't be blank"] if not email.strip() else [],
            password=["can't be blank"] if not password else [],
        )
        async with self._uow() as uow:
            user = await uow.users.by_email(normalize(email))
        if user is None:
            await self._hasher.verify(None, password)
            raise Unauthenticated("email or password is invalid")
        if not await self._hasher.verify(user.password_hash, password):
            raise Unauthenticated("email or password is invalid")
        return self._account(user)

    def authenticate(self, token: str) -> UserId:
        """The user a token names; ``Unauthenticated`` when it is malformed, forged or expired."""
        return self._tokens.verify(token)

    async def current(self, user_id: UserId) -> AccountView:
        async with self._uow() as uow:
            user = await uow.users.by_id(user_id)
        if user is None:
            raise Unauthenticated("the account for this token no longer exists")
        return self._account(user)

    async def update(self, user_id: UserId, changes: AccountChanges) -> AccountView:
        parsed = _parse(changes)
        password_hash = None
        if changes.password is not None:
            password_hash = await self._hasher.hash(changes.password)
        async with self._uow() as uow:
            user = await uow.users.by_id(user_id)
            if user is None:
                raise Unauthenticated("the account for this token no longer exists")
            email, username = parsed.email, parsed.username
            if (
                email
                and email.value.lower() != user.email.value.lower()
                and await uow.users.by_email(email.value) is not None
            ):
                raise AlreadyExists("email")
            if (
                username
                and username.value.lower() != user.username.value.lower()
                and await uow.users.by_username(username.value) is not None
            ):
                raise AlreadyExists("username")
            changed = user.update(
                now=self._clock.now(),
                username=username,
                email=email,
                password_hash=password_hash,
                bio=parsed.bio,
                image=parsed.image,
            )
            if changed:
                await uow.users.save(user)
                await uow.outbox.add(user.pull_events())
                await uow.commit()
        return self._account(user)

    async def registered(self, page: PageRequest) -> list[UserSummary]:
        async with self._uow() as uow:
            return await uow.users.registered(page)

    def _account(self, user: User) -> AccountView:
        return AccountView(
            email=user.email.value,
            username=user.username.value,
            bio=user.bio.value if user.bio else None,
            image=user.image.value if user.image else None,
            token=self._tokens.issue(user.id),
        )


@dataclass(frozen=True, slots=True)
class _ParsedChanges:
    username: Username | None
    email: Email | None
    bio: Bio | Unset | None
    image: ImageUrl | Unset | None


def _parse(changes: AccountChanges) -> _ParsedChanges:
    """Check every field that is set, report all problems at once, then build the values."""
    problems: dict[str, list[str]] = {}
    if changes.username is not None:
        problems["username"] = Username.problems(normalize(changes.username))
    if changes.email is not None:
        problems["email"] = Email.problems(normalize(changes.email))
    if changes.password is not None:
        problems["password"] = Password.problems(changes.password)
    if isinstance(changes.bio, str):
        problems["bio"] = Bio.problems(changes.bio)
    if isinstance(changes.image, str) and changes.image.strip():
        problems["image"] = ImageUrl.problems(changes.image.strip())
    require_valid(**problems)
    return _ParsedChanges(
        username=None if changes.username is None else Username.parse(changes.username),
        email=None if changes.email is None else Email.parse(changes.email),
        bio=changes.bio if isinstance(changes.bio, Unset) else optional_bio(changes.bio),
        image=changes.image if isinstance(changes.image, Unset) else optional_image(changes.image),
    )
