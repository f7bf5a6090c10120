"""Articles: title, description, body, tags and slug rules, and the ``Article`` entity.

Rules (documented in the README):
- title: not blank, at most 200 characters; description: not blank, at most 1,000; body: not blank,
  at most 100,000;
- tags: each trimmed, blanks dropped, later duplicates dropped (compared by ``tag_key``, so
  ``Python`` and ``python`` are one tag: the first spelling is kept), at most 10 tags of at most
  40 characters each; their order is kept;
- slug: derived from the title (lower-case words joined by ``-``); unique — when taken, a short
  random suffix is added; editing the title so that its slug form changes gives the article a
  new slug.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from domain.errors import Forbidden, all_valid, require_valid
from domain.events import (
    ArticleDeleted,
    ArticlePublished,
    ArticleUpdated,
    DomainEvent,
    RecordsEvents,
)
from domain.ids import ArticleId, UserId, new_article_id
from domain.text import fold, length_problems, normalize

_NOT_WORD = re.compile(r"[^\w]+")
_SLUG = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")


@dataclass(frozen=True, slots=True)
class Title:
    value: str
    MAX: ClassVar[int] = 200

    def __post_init__(self) -> None:
        require_valid(title=length_problems(self.value, minimum=1, maximum=self.MAX))

    @classmethod
    def parse(cls, raw: str) -> Title:
        return cls(normalize(raw))


@dataclass(frozen=True, slots=True)
class Description:
    value: str
    MAX: ClassVar[int] = 1000

    def __post_init__(self) -> None:
        require_valid(description=length_problems(self.value, minimum=1, maximum=self.MAX))

    @classmethod
    def parse(cls, raw: str) -> Description:
        return cls(raw)


@dataclass(frozen=True, slots=True)
class Body:
    value: str
    MAX: ClassVar[int] = 100_000

    def __post_init__(self) -> None:
        # Bodies are Markdown: tabs and newlines are text, other control characters are not.
        require_valid(body=length_problems(self.value, minimum=1, maximum=self.MAX))

    @classmethod
    def parse(cls, raw: str) -> Body:
        return cls(raw)


@dataclass(frozen=True, slots=True)
class Tags:
    """``parse`` cleans what an author typed (each tag trimmed and NFC-normalized, blanks dropped,
    later duplicates by ``tag_key`` dropped keeping the first spelling, order kept); the
    constructor takes clean tags and checks their count and lengths."""

    values: tuple[str, ...]
    MAX_COUNT: ClassVar[int] = 10
    MAX_LENGTH: ClassVar[int] = 40

    def __post_init__(self) -> None:
        problems: list[str] = []
        if len(self.values) > self.MAX_COUNT:
            problems.append(f"has too many tags (maximum is {self.MAX_COUNT})")
        for tag in self.values:
            for problem in length_problems(tag, minimum=1, maximum=self.MAX_LENGTH):
                problems.append(f"tag {tag[:20]!r} {problem}")
        require_valid(tags=problems)

    @classmethod
    def parse(cls, raw: Iterable[str]) -> Tags:
        first_spellings: dict[str, str] = {}
        for tag in (normalize(r) for r in raw):
            if tag:
                first_spellings.setdefault(tag_key(tag), tag)
        return cls(tuple(first_spellings.values()))


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """Everything an author gives to publish an article, each value valid."""

    title: Title
    description: Description
    body: Body
    tags: Tags

    @classmethod
    def parse(
        cls, *, title: str, description: str, body: str, tags: Iterable[str] = ()
    ) -> ArticleDraft:
        """Every field's problems at once, or the draft."""
        return cls(
            *all_valid(
                lambda: Title.parse(title),
                lambda: Description.parse(description),
                lambda: Body.parse(body),
                lambda: Tags.parse(tags),
            )
        )


def tag_key(tag: str) -> str:
    """What makes two tags one: their NFC case-folded form (``Python`` and ``python`` are one)."""
    return fold(tag)


def tags_by_use(
    spelling_uses: Iterable[tuple[str, int]], key: Callable[[str], str] = tag_key
) -> list[str]:
    """Tags in use from each spelling's count, most used first (see ``tag_counts``)."""
    return [tag for tag, _ in tag_counts(spelling_uses, key)]


def tag_counts(
    spelling_uses: Iterable[tuple[str, int]], key: Callable[[str], str] = tag_key
) -> list[tuple[str, int]]:
    """Each tag in use with its count, from each spelling's count: spellings with one ``key`` are
    one tag, shown in its most used spelling (ties: the first in code point order); most used
    first, then by key in code point order."""
    uses: dict[str, int] = {}
    shown: dict[str, tuple[int, str]] = {}
    for spelling, count in spelling_uses:
        k = key(spelling)
        uses[k] = uses.get(k, 0) + count
        best = shown.get(k)
        if best is None or count > best[0] or (count == best[0] and spelling < best[1]):
            shown[k] = (count, spelling)
    return [(shown[k][1], uses[k]) for k in sorted(uses, key=lambda k: (-uses[k], k))]


def slugify(title: str) -> str:
    """Lower-case words of the title joined by ``-``; letters outside ASCII are kept."""
    text = unicodedata.normalize("NFKC", title).lower()
    slug = _NOT_WORD.sub("-", text).replace("_", "-")
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return slug or "article"


@dataclass(frozen=True, slots=True)
class Slug:
    value: str

    def __post_init__(self) -> None:
        if _SLUG.fullmatch(self.value) is None:
            require_valid(slug=["is invalid"])

    @classmethod
    def from_title(cls, title: Title) -> Slug:
        return cls(slugify(title.value))

    def with_suffix(self) -> Slug:
        return Slug(f"{self.value}-{secrets.token_hex(3)}")

    def candidates(self, attempts: int) -> Iterator[Slug]:
        """The slug itself, then ``attempts - 1`` suffixed variants."""
        yield self
        for _ in range(attempts - 1):
            yield self.with_suffix()


@dataclass(slots=True, kw_only=True, eq=False)
class Article(RecordsEvents):
    id: ArticleId
    author_id: UserId
    slug: Slug
    title: Title
    description: Description
    body: Body
    tags: Tags
    created_at: datetime
    updated_at: datetime
    events: list[DomainEvent] = field(default_factory=list)

    @classmethod
    def publish(
        cls,
        *,
        author_id: UserId,
        draft: ArticleDraft,
        slug: Slug,
        now: datetime,
    ) -> Article:
        article = cls(
            id=new_article_id(),
            author_id=author_id,
            slug=slug,
            title=draft.title,
            description=draft.description,
            body=draft.body,
            tags=draft.tags,
            created_at=now,
            updated_at=now,
        )
        article.events.append(
            ArticlePublished(
                occurred_at=now, article_id=article.id, author_id=author_id, slug=slug.value
            )
        )
        return article

    def ensure_author(self, user_id: UserId, action: str) -> None:
        if user_id != self.author_id:
            raise Forbidden(f"only the author may {action} this article")

    def needs_new_slug(self, title: Title) -> bool:
        """Whether retitling to ``title`` changes the slug: its slug form differs from the current
        title's and is not the current slug itself."""
        new = Slug.from_title(title)
        return new != Slug.from_title(self.title) and new != self.slug

    def edit(
        self,
        *,
        by: UserId,
        now: datetime,
        title: Title | None = None,
        description: Description | None = None,
        body: Body | None = None,
        tags: Tags | None = None,
        slug: Slug | None = None,
    ) -> tuple[str, ...]:
        """Apply changes made by ``by``; returns the fields that really changed."""
        self.ensure_author(by, "edit")
        changed: list[str] = []
        if title is not None and title != self.title:
            self.title = title
            changed.append("title")
        if slug is not None and slug != self.slug:
            self.slug = slug
            changed.append("slug")
        if description is not None and description != self.description:
            self.description = description
            changed.append("description")
        if body is not None and body != self.body:
            self.body = body
            changed.append("body")
        if tags is not None and tags != self.tags:
            self.tags = tags
            changed.append("tags")
        if changed:
            self.updated_at = now
            self.events.append(
                ArticleUpdated(
                    occurred_at=now, article_id=self.id, slug=self.slug.value, fields=tuple(changed)
                )
            )
        return tuple(changed)

    def delete(self, *, by: UserId, now: datetime) -> None:
        self.ensure_author(by, "delete")
        self.events.append(
            ArticleDeleted(occurred_at=now, article_id=self.id, slug=self.slug.value)
        )
