"""Users: the value objects that guard account data, and the ``User`` entity.

Rules (documented in the README):
- username: 3-32 characters, ASCII letters, digits, ``_ . -``, starting and ending with a letter or
  digit; unique case-insensitively, its case kept for display;
- email: at most 254 characters, ``local@domain.tld`` without spaces; unique ignoring case
  (Unicode case folding, see ``email_key``);
- password: 8-128 characters;
- bio: at most 1,000 characters; image: an ``http(s)`` URL of at most 2,048 characters.

Each value object's ``parse(raw)`` is its way in for text from outside (trimmed and NFC-normalized
where its rule says so); the constructor takes a value already in that form (as stored) and checks
the rules once, raising ``InvalidInput`` keyed on its field. ``domain.errors.all_valid`` builds
several at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar, Final
from urllib.parse import urlsplit

from domain.errors import require_valid
from domain.events import DomainEvent, RecordsEvents, UserRegistered, UserUpdated
from domain.ids import UserId, new_user_id
from domain.text import length_problems, normalize

_USERNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9])?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+")


class _Unset:
    """Marks an optional field the caller did not send (as opposed to sending null)."""

    _instance: ClassVar[_Unset | None] = None

    def __new__(cls) -> _Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = _Unset()
Unset = _Unset


@dataclass(frozen=True, slots=True)
class Username:
    value: str
    MIN: ClassVar[int] = 3
    MAX: ClassVar[int] = 32

    def __post_init__(self) -> None:
        problems = length_problems(self.value, minimum=self.MIN, maximum=self.MAX)
        if not problems and _USERNAME.fullmatch(self.value) is None:
            problems.append(
                "may contain only letters, digits, '_', '.' and '-', "
                "and must start and end with a letter or digit"
            )
        require_valid(username=problems)

    @classmethod
    def parse(cls, raw: str) -> Username:
        return cls(normalize(raw))

    @property
    def key(self) -> str:
        """What makes a username unique: see ``username_key``."""
        return username_key(self.value)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Email:
    value: str
    MAX: ClassVar[int] = 254

    def __post_init__(self) -> None:
        problems = length_problems(self.value, minimum=3, maximum=self.MAX)
        if not problems and _EMAIL.fullmatch(self.value) is None:
            problems.append("is invalid")
        require_valid(email=problems)

    @classmethod
    def parse(cls, raw: str) -> Email:
        return cls(normalize(raw))

    @property
    def key(self) -> str:
        """What makes an address unique: see ``email_key``."""
        return email_key(self.value)

    def __str__(self) -> str:
        return self.value


def username_key(username: str) -> str:
    """The form two usernames share when they differ only in case: lower case (usernames are
    ASCII, so SQL's ``lower()`` agrees on every database)."""
    return username.lower()


def email_key(email: str) -> str:
    """The form two addresses share when they differ only in case: NFC and full Unicode case
    folding, the same in every adapter (SQL ``lower()`` folds only ASCII on SQLite)."""
    return normalize(email).casefold()


@dataclass(frozen=True, slots=True)
class Password:
    """A plain password that keeps the rules, held only until it is hashed: never stored, never
    shown (not even by ``repr``), never trimmed."""

    value: str = field(repr=False)
    MIN: ClassVar[int] = 8
    MAX: ClassVar[int] = 128

    def __post_init__(self) -> None:
        if not self.value:
            problems = ["can't be blank"]
        else:
            problems = length_problems(
                self.value, minimum=self.MIN, maximum=self.MAX, blank_ok=True
            )[:1]
        require_valid(password=problems)

    @classmethod
    def parse(cls, raw: str) -> Password:
        return cls(raw)


@dataclass(frozen=True, slots=True)
class Bio:
    value: str
    MAX: ClassVar[int] = 1000

    def __post_init__(self) -> None:
        require_valid(bio=length_problems(self.value, minimum=0, maximum=self.MAX, blank_ok=True))

    @classmethod
    def parse(cls, raw: str) -> Bio:
        return cls(raw)


@dataclass(frozen=True, slots=True)
class ImageUrl:
    value: str
    MAX: ClassVar[int] = 2048

    def __post_init__(self) -> None:
        problems = length_problems(self.value, minimum=1, maximum=self.MAX)
        if not problems:
            parts = urlsplit(self.value)
            if parts.scheme not in {"http", "https"} or not parts.netloc or " " in self.value:
                problems.append("must be an http or https URL")
        require_valid(image=problems)

    @classmethod
    def parse(cls, raw: str) -> ImageUrl:
        return cls(raw.strip())


def optional_bio(raw: str | None) -> Bio | None:
    return None if raw is None else Bio.parse(raw)


def optional_image(raw: str | None) -> ImageUrl | None:
    """An empty (or blank) image string clears the image: many clients send ``""`` for "none"."""
    if raw is None or not raw.strip():
        return None
    return ImageUrl.parse(raw)


@dataclass(slots=True, kw_only=True, eq=False)
class User(RecordsEvents):
    id: UserId
    username: Username
    email: Email
    password_hash: str
    bio: Bio | None
    image: ImageUrl | None
    created_at: datetime
    updated_at: datetime
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def register(
        cls,
        *,
        username: Username,
        email: Email,
        password_hash: str,
        now: datetime,
        bio: Bio | None = None,
        image: ImageUrl | None = None,
    ) -> User:
        user = cls(
            id=new_user_id(),
            username=username,
            email=email,
            password_hash=password_hash,
            bio=bio,
            image=image,
            created_at=now,
            updated_at=now,
        )
        user.events.append(UserRegistered(occurred_at=now, user_id=user.id))
        return user

    def update(
        self,
        *,
        now: datetime,
        username: Username | None = None,
        email: Email | None = None,
        password_hash: str | None = None,
        bio: Bio | Unset | None = UNSET,
        image: ImageUrl | Unset | None = UNSET,
    ) -> tuple[str, ...]:
        """Apply the given changes; returns the names of the fields that really changed."""
        changed: list[str] = []
        if username is not None and username != self.username:
            self.username = username
            changed.append("username")
        if email is not None and email != self.email:
            self.email = email
            changed.append("email")
        if password_hash is not None:
            self.password_hash = password_hash
            changed.append("password")
        if not isinstance(bio, Unset) and bio != self.bio:
            self.bio = bio
            changed.append("bio")
        if not isinstance(image, Unset) and image != self.image:
            self.image = image
            changed.append("image")
        if changed:
            self.updated_at = now
            self.events.append(UserUpdated(occurred_at=now, user_id=self.id, fields=tuple(changed)))
        return tuple(changed)
