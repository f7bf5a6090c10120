"""Test data: polyfactory factories for the application commands and builders for domain entities.

Every value is valid and unique within a run (a counter plus a random token), so tests only spell
out what they are about: ``a_user(username="ann")``, ``an_article(author_id=ann.id, tags=["x"])``.
Times come from ``CLOCK`` (a ``TestClock``: timezone-aware UTC, 1 ms later on every call), so the
order of creation is the order of time.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Sequence
from datetime import datetime

from polyfactory import Use
from polyfactory.factories import DataclassFactory

from application.articles import ArticleChanges, NewArticle
from application.users import AccountChanges, Registration
from domain.articles import Article, ArticleDraft, Slug
from domain.ids import UserId, new_user_id
from domain.users import Email, User, Username
from tests.support.clock import TestClock

PASSWORD = "correct horse battery staple"
PASSWORD_HASH = "$test$not-a-real-hash"

_serial = itertools.count(1)


# One clock for all test data, so the order things are made in is the order of their times.
CLOCK = TestClock()


def unique(prefix: str) -> str:
    """``prefix`` plus a run-wide serial number and a short random token (letters and digits)."""
    return f"{prefix}{next(_serial)}x{secrets.token_hex(3)}"


def unique_username() -> str:
    return unique("user")  # e.g. user12xa1b2c3: 3-32 characters, starts and ends alphanumeric


def unique_email(local: str | None = None) -> str:
    return f"{local or unique('mail')}@example.com"


def unique_title() -> str:
    return f"Article {unique('t')} about testing"


def some_tags(count: int = 2) -> list[str]:
    return [unique("tag") for _ in range(count)]


# --- application commands -----------------------------------------------------------------------
class RegistrationFactory(DataclassFactory[Registration]):
    """No bio or image unless given, as most clients register."""

    username = Use(unique_username)
    email = Use(unique_email)
    password = PASSWORD
    bio = None
    image = None


class NewArticleFactory(DataclassFactory[NewArticle]):
    title = Use(unique_title)
    description = Use(lambda: f"What {unique('d')} is about")
    body = Use(lambda: f"# Heading\n\nThe body of {unique('b')}.\n")
    tags = Use(some_tags)


class AccountChangesFactory(DataclassFactory[AccountChanges]):
    """Changes to every field; pass ``None`` (or ``UNSET`` for bio/image) to leave one alone."""

    email = Use(unique_email)
    username = Use(unique_username)
    password = "another long passphrase"
    bio = Use(lambda: f"I write about {unique('topic')}.")
    image = Use(lambda: f"https://img.example.com/{unique('img')}.png")


class ArticleChangesFactory(DataclassFactory[ArticleChanges]):
    """Changes to every field; pass ``None`` to leave one alone."""

    title = Use(unique_title)
    description = Use(lambda: f"Now about {unique('d')}")
    body = Use(lambda: f"A rewritten body, {unique('b')}.")
    tags = Use(some_tags)


def a_registration(**overrides: object) -> Registration:
    return RegistrationFactory.build(**overrides)


def a_new_article(**overrides: object) -> NewArticle:
    return NewArticleFactory.build(**overrides)


def account_changes(**overrides: object) -> AccountChanges:
    return AccountChangesFactory.build(**overrides)


def article_changes(**overrides: object) -> ArticleChanges:
    return ArticleChangesFactory.build(**overrides)


# --- domain entities ----------------------------------------------------------------------------
def a_user(
    *,
    username: str | None = None,
    email: str | None = None,
    password_hash: str = PASSWORD_HASH,
    now: datetime | None = None,
) -> User:
    """A registered user; its ``UserRegistered`` event is still pending on ``events``."""
    name = username or unique_username()
    return User.register(
        username=Username(name),
        email=Email(email or unique_email()),
        password_hash=password_hash,
        now=now or CLOCK.now(),
    )


def an_article(
    *,
    author_id: UserId | None = None,
    title: str | None = None,
    description: str | None = None,
    body: str | None = None,
    tags: Sequence[str] = (),
    slug: str | None = None,
    now: datetime | None = None,
) -> Article:
    """A published article (slug derived from the title unless given); events still pending."""
    draft = ArticleDraft.parse(
        title=title or unique_title(),
        description=description or f"What {unique('d')} is about",
        body=body or f"The body of {unique('b')}.",
        tags=tags,
    )
    return Article.publish(
        author_id=author_id or new_user_id(),
        draft=draft,
        slug=Slug(slug) if slug else Slug.from_title(draft.title),
        now=now or CLOCK.now(),
    )
