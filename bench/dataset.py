"""The benchmark's standard dataset, as a plan: pure data made from a fixed random seed.

Every run builds the same plan (same usernames, titles, bodies, tags, relations and timestamps), so
two seedings of an empty database hold the same content. Standard library only: the load script
(which runs in the bench's own environment) imports the named constants from here too.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

SEED = 20240501

USERS = 200
ARTICLES = 5_000
TAGS_PER_ARTICLE = 3
TAG_POOL = 50
FAVORITES = 20_000
FOLLOWS_PER_USER = 20
COMMENTS = 10_000
BODY_CHARS = 2_000

BENCH_USER = "bench_user"
BENCH_EMAIL = "bench_user@bench.example"
BENCH_PASSWORD = "bench-password-2024"
OTHER_PASSWORD = "seeded-password-2024"
BENCH_ARTICLE_TITLE = "Bench article"
BENCH_ARTICLE_SLUG = "bench-article"
BENCH_ARTICLE_COMMENTS = 20

# Every planned moment lies in the past, in this order: users, follows, articles, favorites,
# comments; all distinct, so created-at order never depends on how the seeding was scheduled.
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

_WORD_TEXT = (
    "amber anchor archive atlas autumn balance beacon birch bridge canvas cedar channel cipher "
    "cloud comet compass copper coral crystal current delta desert drift ember engine falcon "
    "feather fern field fjord flint forest garden glacier granite harbor hazel horizon island "
    "ivory journey juniper kernel lagoon lantern ledger lily lumen maple marble meadow mirror "
    "mosaic nebula needle north oak ocean orbit orchard pebble pepper pine pixel planet prairie "
    "prism quarry quartz quill rain raven reef ridge river rocket saffron sail shadow signal "
    "silver sketch slate solstice spark spruce stone summit tangent thistle thunder timber "
    "tundra valley vector velvet violet willow window winter yarrow zenith"
)
WORDS = _WORD_TEXT.split()

_NAME_TEXT = (
    "ada alan barbara claude donald edsger frances grace guido ken linus margaret niklaus "
    "radia rob seymour sophie tim vint whitfield"
)
FIRST_NAMES = _NAME_TEXT.split()


@dataclass(frozen=True, slots=True)
class PlannedUser:
    username: str
    email: str
    password: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PlannedArticle:
    author: int
    title: str
    slug: str
    description: str
    body: str
    tags: tuple[str, ...]
    at: datetime


@dataclass(frozen=True, slots=True)
class PlannedRelation:
    """A follow (user → user), a favorite (user → article) or a comment (user → article)."""

    user: int
    target: int
    at: datetime
    body: str = ""


@dataclass(frozen=True, slots=True)
class Plan:
    users: list[PlannedUser]
    follows: list[PlannedRelation]
    articles: list[PlannedArticle]
    favorites: list[PlannedRelation]
    comments: list[PlannedRelation]


def build_plan(seed: int = SEED) -> Plan:
    """The whole dataset; user 0 is ``bench_user`` and article 0 is ``bench-article``."""
    rng = random.Random(seed)
    users = _users(rng)
    follows = _follows(rng)
    articles = _articles(rng)
    return Plan(
        users=users,
        follows=follows,
        articles=articles,
        favorites=_favorites(rng),
        comments=_comments(rng),
    )


def _users(rng: random.Random) -> list[PlannedUser]:
    users = [PlannedUser(BENCH_USER, BENCH_EMAIL, BENCH_PASSWORD, EPOCH)]
    for i in range(1, USERS):
        name = f"{rng.choice(FIRST_NAMES)}_{i:03d}"
        at = EPOCH + timedelta(seconds=i)
        users.append(PlannedUser(name, f"{name}@bench.example", OTHER_PASSWORD, at))
    return users


def _follows(rng: random.Random) -> list[PlannedRelation]:
    start = EPOCH + timedelta(days=1)
    follows: list[PlannedRelation] = []
    for user in range(USERS):
        others = [u for u in range(USERS) if u != user]
        for followee in rng.sample(others, FOLLOWS_PER_USER):
            follows.append(PlannedRelation(user, followee, start + len(follows) * _MS))
    return follows


def _articles(rng: random.Random) -> list[PlannedArticle]:
    tags = _tag_pool()
    start = EPOCH + timedelta(days=2)
    articles: list[PlannedArticle] = []
    for i in range(ARTICLES):
        if i == 0:
            title, slug = BENCH_ARTICLE_TITLE, BENCH_ARTICLE_SLUG
        else:
            words = " ".join(rng.sample(WORDS, 4))
            title = f"{words.capitalize()} {i}"
            slug = f"{words.replace(' ', '-')}-{i}"
        articles.append(
            PlannedArticle(
                author=rng.randrange(USERS),
                title=title,
                slug=slug,
                description=_sentence(rng, 12),
                body=_body(rng),
                tags=tuple(rng.sample(tags, TAGS_PER_ARTICLE)),
                at=start + timedelta(minutes=i),
            )
        )
    return articles


def _favorites(rng: random.Random) -> list[PlannedRelation]:
    start = EPOCH + timedelta(days=10)
    seen: set[tuple[int, int]] = set()
    favorites: list[PlannedRelation] = []
    while len(favorites) < FAVORITES:
        pair = (rng.randrange(USERS), rng.randrange(ARTICLES))
        if pair not in seen:
            seen.add(pair)
            favorites.append(PlannedRelation(*pair, start + len(favorites) * _MS))
    return favorites


def _comments(rng: random.Random) -> list[PlannedRelation]:
    """The bench article's comments first (the seeder adds those one at a time, so their ids are
    the same every run), then the rest spread over the other articles."""
    start = EPOCH + timedelta(days=11)
    comments: list[PlannedRelation] = []
    for i in range(COMMENTS):
        target = 0 if i < BENCH_ARTICLE_COMMENTS else rng.randrange(1, ARTICLES)
        body = _sentence(rng, rng.randrange(8, 40))
        comments.append(PlannedRelation(rng.randrange(USERS), target, start + i * _MS, body))
    return comments


def _tag_pool() -> list[str]:
    return WORDS[:TAG_POOL]


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choices(WORDS, k=words)).capitalize() + "."


def _body(rng: random.Random) -> str:
    paragraphs: list[str] = []
    size = 0
    while size < BODY_CHARS:
        paragraph = " ".join(_sentence(rng, rng.randrange(6, 16)) for _ in range(4))
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


_MS = timedelta(milliseconds=1)
