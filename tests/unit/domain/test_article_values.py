"""Article value objects: title, description, body and tags, each with its field's messages."""

from __future__ import annotations

import unicodedata

import pytest

from domain.articles import ArticleDraft, Body, Description, Tags, Title, tags_by_use
from domain.errors import InvalidInput


# --- title ---------------------------------------------------------------------------------------
def test_parsing_a_title_trims_and_normalizes_it() -> None:
    assert Title.parse(unicodedata.normalize("NFD", "  Café culture ")) == Title("Café culture")


def test_a_title_of_200_characters_is_accepted() -> None:
    assert Title("t" * 200).value == "t" * 200


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        ("   ", "can't be blank"),
        ("t" * 201, "is too long (maximum is 200 characters)"),
        ("Tab\x0bbed", "must not contain control characters"),
    ],
)
def test_a_bad_title_is_refused_naming_title(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Title(value)
    assert caught.value.errors == {"title": (message,)}


def test_parsing_a_blank_title_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        Title.parse(" \n ")
    assert caught.value.errors == {"title": ("can't be blank",)}


# --- description and body ------------------------------------------------------------------------
def test_a_description_of_1000_characters_is_accepted() -> None:
    assert Description("d" * 1000).value == "d" * 1000


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "can't be blank"),
        ("d" * 1001, "is too long (maximum is 1000 characters)"),
        ("nul\x00", "must not contain control characters"),
    ],
)
def test_a_bad_description_is_refused_naming_description(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Description(value)
    assert caught.value.errors == {"description": (message,)}


@pytest.mark.parametrize("value", ["# Title\n\n\tcode\r\n", "b" * 100_000])
def test_a_markdown_body_with_tabs_and_newlines_is_accepted(value: str) -> None:
    assert Body(value).value == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("\n\n", "can't be blank"),
        ("b" * 100_001, "is too long (maximum is 100000 characters)"),
        ("del\x7f", "must not contain control characters"),
    ],
)
def test_a_bad_body_is_refused_naming_body(value: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Body(value)
    assert caught.value.errors == {"body": (message,)}


# --- tags ----------------------------------------------------------------------------------------
def test_tags_are_trimmed_blanks_dropped_and_duplicates_dropped_keeping_order() -> None:
    tags = Tags.parse([" rust ", "python", "", "   ", "rust", "go", "python"])
    assert tags.values == ("rust", "python", "go")


def test_tags_differing_only_in_unicode_form_are_duplicates() -> None:
    tags = Tags.parse(["café", unicodedata.normalize("NFD", "café")])
    assert tags.values == ("café",)


def test_tags_differing_only_in_case_are_one_keeping_the_first_spelling() -> None:
    assert Tags.parse(["Python", "rust", "PYTHON", "python"]).values == ("Python", "rust")


def test_tags_differing_by_unicode_case_folding_are_one() -> None:
    assert Tags.parse(["Straße", "STRASSE", "strasse"]).values == ("Straße",)


def test_case_duplicates_do_not_count_towards_the_cap() -> None:
    values = [f"tag{i}" for i in range(10)] + [f"TAG{i}" for i in range(10)]
    assert Tags.parse(values).values == tuple(f"tag{i}" for i in range(10))


def test_no_tags_is_fine() -> None:
    assert Tags.parse([]).values == ()


def test_ten_tags_are_accepted() -> None:
    values = [f"tag{i}" for i in range(10)]
    assert Tags.parse(values).values == tuple(values)


def test_eleven_tags_are_too_many() -> None:
    with pytest.raises(InvalidInput) as caught:
        Tags.parse([f"tag{i}" for i in range(11)])
    assert caught.value.errors == {"tags": ("has too many tags (maximum is 10)",)}


def test_the_count_cap_applies_after_dropping_duplicates_and_blanks() -> None:
    values = [f"tag{i}" for i in range(10)] + ["tag0", " ", "tag9 "]
    assert len(Tags.parse(values).values) == 10


def test_a_tag_of_40_characters_is_accepted() -> None:
    assert Tags.parse(["t" * 40]).values == ("t" * 40,)


def test_a_tag_over_40_characters_is_named_by_its_start() -> None:
    with pytest.raises(InvalidInput) as caught:
        Tags.parse(["t" * 41])
    assert caught.value.errors == {
        "tags": (f"tag {'t' * 20!r} is too long (maximum is 40 characters)",)
    }


def test_every_bad_tag_is_reported() -> None:
    with pytest.raises(InvalidInput) as caught:
        Tags.parse(["ok", "x" * 41, "bell\x07"] + [f"t{i}" for i in range(9)])
    assert caught.value.errors == {
        "tags": (
            "has too many tags (maximum is 10)",
            f"tag {'x' * 20!r} is too long (maximum is 40 characters)",
            "tag 'bell\\x07' must not contain control characters",
        )
    }


# --- the draft -----------------------------------------------------------------------------------
def test_a_draft_parses_every_field_the_way_its_value_does() -> None:
    draft = ArticleDraft.parse(
        title="  A title ", description=" As typed ", body="Body", tags=[" x ", "X", "y"]
    )
    assert draft == ArticleDraft(
        Title("A title"), Description(" As typed "), Body("Body"), Tags(("x", "y"))
    )


def test_a_draft_reports_every_fields_problems_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        ArticleDraft.parse(
            title=" ", description="d" * 1001, body="", tags=[f"t{i}" for i in range(11)]
        )
    assert caught.value.errors == {
        "title": ("can't be blank",),
        "description": ("is too long (maximum is 1000 characters)",),
        "body": ("can't be blank",),
        "tags": ("has too many tags (maximum is 10)",),
    }


def test_tags_by_use_merge_spellings_showing_the_most_used_most_used_first() -> None:
    uses = [("python", 2), ("Python", 3), ("go", 4), ("PYTHON", 1), ("Rust", 1), ("rust", 1)]

    # python: 6 uses, shown as "Python" (3); go: 4; rust: 2, a tie shown as "Rust" (code point).
    assert tags_by_use(uses) == ["Python", "go", "Rust"]


def test_tags_by_use_orders_equal_uses_by_key() -> None:
    assert tags_by_use([("zeta", 1), ("Alpha", 1), ("mid", 1)]) == ["Alpha", "mid", "zeta"]
