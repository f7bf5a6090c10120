"""The core wired for unit tests: every use case over one ``MemoryDatabase``, the real (fast)
security adapters and a ``TestClock``, plus helpers that set the scene in one line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import TypeVar

from adapters.persistence.memory import MemoryDatabase
from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtTokenService
from application.articles import Articles
from application.comments import Comments
from application.ports import PasswordHasher
from application.profiles import Profiles
from application.users import Users
from application.views import AccountView, ArticleView
from domain.events import DomainEvent
from domain.ids import UserId
from domain.users import User
from tests.factories import a_new_article, a_registration
from tests.support.clock import TestClock

SECRET = "unit-tests-only-secret-of-32-bytes!"
TOKEN_TTL = timedelta(hours=1)

E = TypeVar("E", bound=DomainEvent)


@dataclass(frozen=True, slots=True)
class Member:
    """A registered user as a test sees them: id, names, password and a fresh token."""

    id: UserId
    username: str
    email: str
    password: str
    token: str


@dataclass(slots=True)
class App:
    database: MemoryDatabase
    clock: TestClock
    hasher: Argon2PasswordHasher
    tokens: JwtTokenService = field(init=False)
    users: Users = field(init=False)
    profiles: Profiles = field(init=False)
    articles: Articles = field(init=False)
    comments: Comments = field(init=False)

    def __post_init__(self) -> None:
        uow, reads, clock = self.database.unit_of_work, self.database.reads, self.clock
        self.tokens = JwtTokenService(secret=SECRET, algorithm="HS256", ttl=TOKEN_TTL, clock=clock)
        self.users = Users(uow=uow, hasher=self.hasher, tokens=self.tokens, clock=clock)
        self.profiles = Profiles(uow=uow, reads=reads, clock=clock)
        self.articles = Articles(uow=uow, reads=reads, clock=clock)
        self.comments = Comments(uow=uow, reads=reads, clock=clock)

    def users_hashing_with(self, hasher: PasswordHasher) -> Users:
        """The account use cases over the same data with another hasher (other parameters)."""
        return Users(
            uow=self.database.unit_of_work, hasher=hasher, tokens=self.tokens, clock=self.clock
        )

    # --- scene setting ---------------------------------------------------------------------------
    async def member(self, **overrides: str) -> Member:
        """Register a user through the use case (fields from the factory unless given)."""
        registration = a_registration(**overrides)
        account = await self.users.register(registration)
        return self._member(account, registration.password)

    async def article_by(self, author: Member, **overrides: object) -> ArticleView:
        """Publish an article through the use case (fields from the factory unless given)."""
        return await self.articles.create(author.id, a_new_article(**overrides))

    async def follow(self, follower: Member, followee: Member) -> None:
        await self.profiles.follow(follower.id, followee.username)

    async def stored_user(self, user_id: UserId) -> User:
        async with self.database.unit_of_work() as uow:
            user = await uow.users.by_id(user_id)
        assert user is not None, "no such user"
        return user

    # --- the outbox ------------------------------------------------------------------------------
    def events(self) -> list[DomainEvent]:
        """Committed events, oldest first."""
        return self.database.recorded_events()

    def events_of(self, kind: type[E]) -> list[E]:
        return [event for event in self.events() if isinstance(event, kind)]

    def _member(self, account: AccountView, password: str) -> Member:
        return Member(
            id=self.tokens.verify(account.token),
            username=account.username,
            email=account.email,
            password=password,
            token=account.token,
        )
