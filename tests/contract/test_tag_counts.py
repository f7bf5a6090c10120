"""ReadModel.tag_counts: the most used tags with their article counts, most used first, ties by
tag, spellings of one tag counted as one, at most ``limit``; the /api tag list unchanged."""

from __future__ import annotations

from application.ports import Persistence
from application.views import TagCount
from tests.contract._helpers import stored_article, stored_users


async def test_tags_come_with_their_counts_most_used_first_ties_by_tag(db: Persistence) -> None:
    (author,) = await stored_users(db, 1)
    for tags in (["rust", "web"], ["python", "web"], ["Python"], ["go", "web"], ["rust"]):
        await stored_article(db, author, tags=tags)

    counts = await db.reads.tag_counts(10)
    top_two = await db.reads.tag_counts(2)

    assert counts == [
        TagCount("web", 3),
        TagCount("Python", 2),  # "python" and "Python" are one tag; equal uses: code point order
        TagCount("rust", 2),
        TagCount("go", 1),
    ]
    assert top_two == counts[:2]
    assert await db.reads.tags() == ["web", "Python", "rust", "go"]  # /api's names, same order


async def test_no_articles_no_tag_counts(db: Persistence) -> None:
    assert await db.reads.tag_counts(5) == []
