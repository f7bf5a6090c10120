"""The domain's error hierarchy (each way in maps these once, in one place), and the helpers that
gather field problems into one ``InvalidInput``."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar, overload

_A = TypeVar("_A")
_B = TypeVar("_B")
_C = TypeVar("_C")
_D = TypeVar("_D")
_E = TypeVar("_E")


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
    """One or more unique values (email, username, slug …) are taken; ``fields`` names every one,
    ``field`` the first, ``detail`` says what is wrong with each."""

    def __init__(self, *fields: str, message: str = "has already been taken") -> None:
        if not fields:
            raise TypeError("AlreadyExists needs at least one field")
        super().__init__("; ".join(f"{field} {message}" for field in fields))
        self.fields: tuple[str, ...] = fields
        self.field = fields[0]
        self.detail = message


class Forbidden(DomainError):
    """The caller is known but may not do this."""


class Unauthenticated(DomainError):
    """The caller could not be identified (missing, invalid or expired credentials)."""


class Conflict(DomainError):
    """The request clashes with the current state."""


class PreconditionFailed(DomainError):
    """A precondition the caller stated (e.g. the version of a resource it last saw) does not
    hold."""


class Unavailable(DomainError):
    """A resource the request needs cannot serve it now: saturated (every database connection busy
    for the whole wait), lost or refusing connections, a statement past its time limit. Nothing
    was changed; the same request may succeed a moment later."""


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


@overload
def all_valid(a: Callable[[], _A], /) -> tuple[_A]: ...
@overload
def all_valid(a: Callable[[], _A], b: Callable[[], _B], /) -> tuple[_A, _B]: ...
@overload
def all_valid(
    a: Callable[[], _A], b: Callable[[], _B], c: Callable[[], _C], /
) -> tuple[_A, _B, _C]: ...
@overload
def all_valid(
    a: Callable[[], _A], b: Callable[[], _B], c: Callable[[], _C], d: Callable[[], _D], /
) -> tuple[_A, _B, _C, _D]: ...
@overload
def all_valid(
    a: Callable[[], _A],
    b: Callable[[], _B],
    c: Callable[[], _C],
    d: Callable[[], _D],
    e: Callable[[], _E],
    /,
) -> tuple[_A, _B, _C, _D, _E]: ...
def all_valid(*builds: Callable[[], object]) -> tuple[object, ...]:
    """Build several values (each build is a value object's way in, e.g. ``lambda:
    Title.parse(raw)``); the values in order, or one ``InvalidInput`` naming every field whose
    build refused, so a caller hears all the problems of a request at once."""
    values: list[object] = []
    found: dict[str, list[str]] = {}
    for build in builds:
        try:
            values.append(build())
        except InvalidInput as invalid:
            for name, messages in invalid.errors.items():
                found.setdefault(name, []).extend(messages)
    if found:
        raise InvalidInput(found)
    return tuple(values)
