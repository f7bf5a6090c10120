"""Accounts: register, log in, read and update the signed-in user, authenticate a token.

The ``parse_*`` functions are the commands' one way in: pure (no I/O), each reports every field's
problems in one ``InvalidInput``. The use cases call them once; a way in may call them too, to
merge its own type errors with the core's rule errors.
"""

from __future__ import annotations

from dataclasses import dataclass

from application.ports import Clock, PasswordHasher, TokenService, UnitOfWork, UnitOfWorkFactory
from application.views import AccountView, UserSummary
from domain.errors import (
    AlreadyExists,
    InvalidInput,
    Unauthenticated,
    all_valid,
    require_valid,
)
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
    """A new account; bio and image are optional and follow the same rules as an update."""

    username: str
    email: str
    password: str
    bio: str | None = None
    image: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountChanges:
    """Only the fields that are set change; ``None`` for bio or image clears it."""

    email: str | None = None
    username: str | None = None
    password: str | None = None
    bio: str | Unset | None = UNSET
    image: str | Unset | None = UNSET


@dataclass(frozen=True, slots=True)
class ValidRegistration:
    username: Username
    email: Email
    password: Password
    bio: Bio | None
    image: ImageUrl | None


@dataclass(frozen=True, slots=True)
class ValidAccountChanges:
    username: Username | None
    email: Email | None
    password: Password | None
    bio: Bio | Unset | None
    image: ImageUrl | Unset | None


@dataclass(frozen=True, slots=True)
class Credentials:
    email: str
    password: str


def parse_registration(command: Registration) -> ValidRegistration:
    return ValidRegistration(
        *all_valid(
            lambda: Username.parse(command.username),
            lambda: Email.parse(command.email),
            lambda: Password.parse(command.password),
            lambda: optional_bio(command.bio),
            lambda: optional_image(command.image),
        )
    )


def parse_account_changes(changes: AccountChanges) -> ValidAccountChanges:
    c = changes
    return ValidAccountChanges(
        *all_valid(
            lambda: None if c.username is None else Username.parse(c.username),
            lambda: None if c.email is None else Email.parse(c.email),
            lambda: None if c.password is None else Password.parse(c.password),
            lambda: c.bio if isinstance(c.bio, Unset) else optional_bio(c.bio),
            lambda: c.image if isinstance(c.image, Unset) else optional_image(c.image),
        )
    )


def parse_account_changes_or_problems(changes: AccountChanges) -> dict[str, list[str]]:
    """The problems ``parse_account_changes`` finds, by field (none when the changes are valid)."""
    try:
        parse_account_changes(changes)
    except InvalidInput as invalid:
        return {field: list(messages) for field, messages in invalid.errors.items()}
    return {}


def parse_credentials(*, email: str, password: str) -> Credentials:
    """A login's fields: only their presence is checked (the rules for new accounts may have
    changed since an account was made)."""
    require_valid(
        email=["can't be blank"] if not email.strip() else [],
        password=["can't be blank"] if not password else [],
    )
    return Credentials(email=normalize(email), password=password)


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
        """``AlreadyExists`` names the email, the username, or both when both are taken."""
        account = parse_registration(command)
        password_hash = await self._hasher.hash(account.password.value)
        async with self._uow() as uow:
            taken = await _taken(uow, email=account.email, username=account.username)
            if taken:
                raise AlreadyExists(*taken)
            user = User.register(
                username=account.username,
                email=account.email,
                password_hash=password_hash,
                bio=account.bio,
                image=account.image,
                now=self._clock.now(),
            )
            await uow.users.add(user)
            await uow.outbox.add(user.pull_events())
            await uow.commit()
        return _account(user, self._tokens.issue(user.id))

    async def login(self, *, email: str, password: str) -> AccountView:
        """``Unauthenticated`` for an unknown email and a wrong password alike. A hash made with
        other parameters than the hasher's is replaced by a fresh one of the same password."""
        credentials = parse_credentials(email=email, password=password)
        async with self._uow() as uow:
            user = await uow.users.by_email(credentials.email)
        return await self._signed_in(user, credentials.password)

    async def sign_in(self, *, login: str, password: str) -> AccountView:
        """Log in with an email or a username (a username never holds ``@``), with the same
        answers as ``login``."""
        require_valid(
            login=["can't be blank"] if not login.strip() else [],
            password=["can't be blank"] if not password else [],
        )
        name = normalize(login)
        async with self._uow() as uow:
            if "@" in name:
                user = await uow.users.by_email(name)
            else:
                user = await uow.users.by_username(name)
        return await self._signed_in(user, password)

    async def _signed_in(self, user: User | None, password: str) -> AccountView:
        """An unknown account still costs one verification, so timing does not tell it apart."""
        if user is None:
            await self._hasher.verify(None, password)
            raise Unauthenticated("email or password is invalid")
        if not await self._hasher.verify(user.password_hash, password):
            raise Unauthenticated("email or password is invalid")
        if self._hasher.needs_rehash(user.password_hash):
            await self._rehash(user, password)
        return _account(user, self._tokens.issue(user.id))

    def authenticate(self, token: str) -> UserId:
        """The user a token names; ``Unauthenticated`` when it is malformed, forged or expired."""
        return self._tokens.verify(token)

    async def current(self, user_id: UserId, *, token: str) -> AccountView:
        """The account ``token`` (already authenticated as ``user_id``) belongs to, with that same
        token: reading the account never extends a token's life."""
        async with self._uow() as uow:
            user = await uow.users.by_id(user_id)
        if user is None:
            raise Unauthenticated("the account for this token no longer exists")
        return _account(user, token)

    async def update(self, user_id: UserId, changes: AccountChanges) -> AccountView:
        """``AlreadyExists`` names the email, the username, or both when both are taken by
        someone else; changing only their case is always allowed."""
        edits = parse_account_changes(changes)
        password_hash = None
        if edits.password is not None:
            password_hash = await self._hasher.hash(edits.password.value)
        async with self._uow() as uow:
            user = await uow.users.by_id(user_id)
            if user is None:
                raise Unauthenticated("the account for this token no longer exists")
            taken = await _taken(
                uow,
                email=edits.email if edits.email and edits.email.key != user.email.key else None,
                username=edits.username
                if edits.username and edits.username.key != user.username.key
                else None,
            )
            if taken:
                raise AlreadyExists(*taken)
            changed = user.update(
                now=self._clock.now(),
                username=edits.username,
                email=edits.email,
                password_hash=password_hash,
                bio=edits.bio,
                image=edits.image,
            )
            if changed:
                await uow.users.save(user)
                await uow.outbox.add(user.pull_events())
                await uow.commit()
        return _account(user, self._tokens.issue(user.id))

    async def change(
        self, user_id: UserId, changes: AccountChanges, *, current_password: str | None
    ) -> AccountView:
        """``update``, under the rule that changing the email or the password needs the current
        password: missing or wrong, it is an ``InvalidInput`` about ``current_password`` (with the
        changes' own problems), and nothing changes."""
        edits = parse_account_changes_or_problems(changes)
        async with self._uow() as uow:
            user = await uow.users.by_id(user_id)
        if user is None:
            raise Unauthenticated("the account for this token no longer exists")
        sensitive = changes.password is not None or (
            changes.email is not None
            and normalize(changes.email).lower() != user.email.value.lower()
        )
        problems = dict(edits)
        if sensitive:
            if not current_password:
                problems["current_password"] = ["is required to change the email or the password"]
            elif not await self._hasher.verify(user.password_hash, current_password):
                problems["current_password"] = ["is wrong"]
        if problems:
            raise InvalidInput(problems)
        return await self.update(user_id, changes)

    async def registered(self, page: PageRequest) -> list[UserSummary]:
        async with self._uow() as uow:
            return await uow.users.registered(page)

    async def _rehash(self, user: User, password: str) -> None:
        """Hash outside any transaction, then store the new hash only if the stored one is still
        the hash just verified (a password changed meanwhile wins). Not an account change: no
        event, ``updated_at`` stays."""
        fresh = await self._hasher.hash(password)
        async with self._uow() as uow:
            if await uow.users.replace_password_hash(user.id, user.password_hash, fresh):
                await uow.commit()


async def _taken(uow: UnitOfWork, *, email: Email | None, username: Username | None) -> list[str]:
    """Which of the given email and username another account already holds."""
    taken: list[str] = []
    if email is not None and await uow.users.by_email(email.value) is not None:
        taken.append("email")
    if username is not None and await uow.users.by_username(username.value) is not None:
        taken.append("username")
    return taken


def _account(user: User, token: str) -> AccountView:
    return AccountView(
        email=user.email.value,
        username=user.username.value,
        bio=user.bio.value if user.bio else None,
        image=user.image.value if user.image else None,
        token=token,
    )
