"""tag_counts: spellings merged by key, shown in the most used spelling, most used first."""

from __future__ import annotations

from domain.articles import tag_counts, tags_by_use


def test_spellings_of_one_tag_are_counted_together_in_the_most_used_spelling() -> None:
    counts = tag_counts([("python", 1), ("Python", 3), ("web", 2), ("PYTHON", 1)])
    assert counts == [("Python", 5), ("web", 2)]


def test_equal_counts_are_ordered_by_key() -> None:
    assert tag_counts([("b", 2), ("A", 2), ("c", 5)]) == [("c", 5), ("A", 2), ("b", 2)]


def test_the_tag_names_follow_the_same_order() -> None:
    uses = [("b", 2), ("A", 2), ("c", 5)]
    assert tags_by_use(uses) == [tag for tag, _ in tag_counts(uses)]
