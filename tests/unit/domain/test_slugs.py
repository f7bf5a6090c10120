"""Slugs: how a title becomes a slug, what a valid slug is, and suffixes for taken slugs."""

from __future__ import annotations

import re

import pytest

from domain.articles import Slug, Title, slugify
from domain.errors import InvalidInput

SUFFIXED = re.compile(r"how-to-test-[0-9a-f]{6}")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("How to Test", "how-to-test"),
        ("Hello, World!", "hello-world"),
        ("  Spaces   between\twords  ", "spaces-between-words"),
        ("snake_case_title", "snake-case-title"),
        ("C++ & Rust -- 2024", "c-rust-2024"),
        ("--Dashes at the ends--", "dashes-at-the-ends"),
        ("Ünïcödé Straße", "ünïcödé-straße"),
        ("日本語の タイトル", "日本語の-タイトル"),
        ("\uff26\uff55\uff4c\uff4c \u2460", "full-1"),  # full-width letters, circled 1
        ("Привет, мир", "привет-мир"),
    ],
)
def test_slugify_joins_lower_case_words_with_dashes(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["", "!!!", "___", " - ", "…", "🎉🎉"])
def test_a_title_without_letters_or_digits_becomes_article(title: str) -> None:
    assert slugify(title) == "article"


@pytest.mark.parametrize(
    "title", ["How to Test", "Ünïcödé Straße", "a_b", "!!!", "x" * 200, "İstanbul", "Ǆemal"]
)
def test_every_slugified_title_is_a_valid_slug(title: str) -> None:
    assert Slug(slugify(title)).value == slugify(title)


def test_a_slug_from_a_title_uses_slugify() -> None:
    assert Slug.from_title(Title("How to Test")) == Slug("how-to-test")


@pytest.mark.parametrize("value", ["a", "how-to-test", "2024", "straße-1", "a_b"])
def test_a_well_formed_slug_is_accepted(value: str) -> None:
    assert Slug(value).value == value


@pytest.mark.parametrize("value", ["", "-how", "how-", "how to", "how/to", "_how", "how_", "a.b"])
def test_a_malformed_slug_is_refused_naming_slug(value: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Slug(value)
    assert caught.value.errors == {"slug": ("is invalid",)}


def test_a_suffixed_slug_adds_a_dash_and_six_hex_digits() -> None:
    suffixed = Slug("how-to-test").with_suffix()
    assert SUFFIXED.fullmatch(suffixed.value)


def test_suffixes_are_random() -> None:
    base = Slug("how-to-test")
    assert base.with_suffix() != base.with_suffix()


def test_candidates_start_with_the_slug_itself_then_suffixed_variants() -> None:
    base = Slug("how-to-test")
    first, *others = list(base.candidates(4))
    assert first == base
    assert len(others) == 3
    assert all(SUFFIXED.fullmatch(other.value) for other in others)


def test_a_single_candidate_is_the_slug_itself() -> None:
    assert list(Slug("how-to-test").candidates(1)) == [Slug("how-to-test")]
