"""What ties work to the request (or job) that caused it: its request id and W3C ``traceparent``.

A way in binds a ``Correlation`` for the work it runs (``with correlated(...)``); whatever that
work records for later (the outbox's events) carries it, so work done later because of a request
can still name it. It lives in a context variable, so each task of the event loop has its own and
the use cases need no extra argument.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Correlation:
    request_id: str | None = None
    traceparent: str | None = None


UNCORRELATED = Correlation()
_current: ContextVar[Correlation] = ContextVar("quill_correlation", default=UNCORRELATED)


def current_correlation() -> Correlation:
    return _current.get()


def bind_correlation(correlation: Correlation) -> Token[Correlation]:
    """Bind ``correlation`` until ``unbind_correlation`` (``correlated`` without a generator, for
    the request middleware, which runs on every request)."""
    return _current.set(correlation)


def unbind_correlation(token: Token[Correlation]) -> None:
    _current.reset(token)


@contextmanager
def correlated(correlation: Correlation) -> Iterator[Correlation]:
    """Bind ``correlation`` for the work done inside the block, then restore the previous one."""
    token = _current.set(correlation)
    try:
        yield correlation
    finally:
        _current.reset(token)
