"""The domain's error hierarchy. Each HTTP surface maps these once, in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class DomainError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """The thing asked for does not exist (or the caller may not know it exists).

    ``resource`` names the kind of thing (``article``, ``comment``, ``profile``, ``user``) so each
    surface can say what was missing without parsing the message."""

    def __init__(self, resource: str, key: object) -> None:
        super().__init__(f"{resource} {key!r} not found")
        self.resource = resource
        self.key = key


class AlreadyExists(DomainError):
    """A unique value (email, username, slug …) is taken."""

    def __init__(self, field: str, message: str = "has already been taken") -> None:
        super().__init__(f"{field} {message}")
        self.field = field
        self.detail = message


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class Unauthenticated(DomainError):
    """The caller could not be identified (missing, invalid or expired credentials)."""


class Conflict(DomainError):
    """The request clashes with the current state."""


class PreconditionFailed(DomainError):
    """A precondition the caller stated (e.g. If-Match) does not hold."""


class Unavailable(DomainError):
    """The request could not be taken in time because a resource it needs is saturated (every
    database connection busy for the whole wait); the same request may succeed a moment later."""


class InvalidInput(DomainError):
    """One or more fields break a rule; ``errors`` maps each field to its messages."""

    def __init__(self, errors: Mapping[str, Sequence[str]]) -> None:
        self.errors: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in errors.items() if v}
        summary = "; ".join(f"{k}: {', '.join(v)}" for k, v in self.errors.items())
        super().__init__(summary or "invalid input")

    @classmethod
    def field(cls, name: str, message: str) -> InvalidInput:
        return cls({name: (message,)})


def require_valid(**problems: Sequence[str]) -> None:
    """Raise one ``InvalidInput`` naming every field whose check found problems."""
    found = {name: msgs for name, msgs in problems.items() if msgs}
    if found:
        raise InvalidInput(found)
