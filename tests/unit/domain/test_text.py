"""Shared text rules: blank, length and control-character checks; normalization."""

from __future__ import annotations

import unicodedata

import pytest

from domain.text import length_problems, normalize


def test_a_text_within_bounds_has_no_problems() -> None:
    assert length_problems("hello", minimum=1, maximum=10) == []


@pytest.mark.parametrize("blank", ["", " ", "\t\n "])
def test_a_blank_text_cannot_be_blank(blank: str) -> None:
    assert length_problems(blank, minimum=1, maximum=10) == ["can't be blank"]


def test_a_blank_text_is_fine_where_blank_is_allowed() -> None:
    assert length_problems("", minimum=0, maximum=10, blank_ok=True) == []


def test_a_text_under_the_minimum_is_too_short() -> None:
    assert length_problems("ab", minimum=3, maximum=10) == [
        "is too short (minimum is 3 characters)"
    ]


def test_a_text_over_the_maximum_is_too_long() -> None:
    assert length_problems("x" * 11, minimum=1, maximum=10) == [
        "is too long (maximum is 10 characters)"
    ]


def test_the_bounds_themselves_are_allowed() -> None:
    assert length_problems("abc", minimum=3, maximum=3) == []


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f"])
def test_control_characters_are_refused(control: str) -> None:
    assert length_problems(f"a{control}b", minimum=1, maximum=10) == [
        "must not contain control characters"
    ]


@pytest.mark.parametrize("whitespace", ["\t", "\n", "\r"])
def test_tabs_and_line_breaks_are_not_control_characters(whitespace: str) -> None:
    assert length_problems(f"a{whitespace}b", minimum=1, maximum=10) == []


def test_every_problem_is_reported_at_once() -> None:
    assert length_problems("\x00" * 4, minimum=1, maximum=3) == [
        "is too long (maximum is 3 characters)",
        "must not contain control characters",
    ]


def test_normalize_trims_surrounding_whitespace() -> None:
    assert normalize("  Ann Smith \n") == "Ann Smith"


def test_normalize_composes_decomposed_characters() -> None:
    decomposed = unicodedata.normalize("NFD", "café")
    assert decomposed != "café"
    assert normalize(decomposed) == "café"
