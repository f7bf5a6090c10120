"""The hand-written encoders write exactly the JSON their documented response models would: same
keys, same order, same values, for views polyfactory fills at random (naive, UTC and offset
timestamps, absent (written as "") and present bio/image, unsorted tags, non-ASCII text)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from polyfactory.factories import DataclassFactory
from pydantic import BaseModel
from pydantic_core import to_json

from application.views import AccountView, ArticlePage, ArticleView, CommentView, ProfileView
from entrypoints.api.realworld import encode, outputs

MOMENTS = (
    datetime(2026, 1, 2, 3, 4, 5, 678_901, tzinfo=UTC),
    datetime(2026, 1, 2, 3, 4, 5),  # naive: taken as UTC
    datetime(2026, 1, 2, 5, 4, 5, 999_999, tzinfo=timezone(timedelta(hours=2))),
    datetime(1999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5, minutes=-30))),
)


class ArticleViewFactory(DataclassFactory[ArticleView]):
    __randomize_collection_length__ = True
    __min_collection_length__ = 0
    __max_collection_length__ = 5


class AccountViewFactory(DataclassFactory[AccountView]): ...


class CommentViewFactory(DataclassFactory[CommentView]): ...


class ProfileViewFactory(DataclassFactory[ProfileView]): ...


def _by_model(model: type[BaseModel], data: dict[str, Any]) -> bytes:
    return model.model_validate(data).model_dump_json(by_alias=True).encode()


def _cases() -> list[tuple[str, Callable[[int], tuple[bytes, bytes]]]]:
    def article(seed: int) -> tuple[bytes, bytes]:
        view = ArticleViewFactory.build(
            created_at=MOMENTS[seed % 4],
            updated_at=MOMENTS[(seed + 1) % 4],
            tags=["zeta", "Alpha", "éclair", "beta"][: seed % 5],
            title="Ünïcode ✓ title",
        )
        mine = to_json(encode.single_article(view))
        return mine, _by_model(outputs.SingleArticle, {"article": view})

    def page(seed: int) -> tuple[bytes, bytes]:
        views = [
            ArticleViewFactory.build(created_at=moment, updated_at=moment) for moment in MOMENTS
        ]
        found = ArticlePage(list(views[: seed % 5]), total=seed * 7)
        return to_json(encode.multiple_articles(found)), _by_model(
            outputs.MultipleArticles, {"articles": found.articles, "total": found.total}
        )

    def comments(seed: int) -> tuple[bytes, bytes]:
        views = [
            CommentViewFactory.build(created_at=MOMENTS[i % 4], updated_at=MOMENTS[(i + 2) % 4])
            for i in range(seed % 4)
        ]
        single = CommentViewFactory.build(created_at=MOMENTS[seed % 4])
        assert to_json(encode.single_comment(single)) == _by_model(
            outputs.SingleComment, {"comment": single}
        )
        return to_json(encode.multiple_comments(views)), _by_model(
            outputs.MultipleComments, {"comments": views}
        )

    def user(seed: int) -> tuple[bytes, bytes]:
        view = AccountViewFactory.build(bio=None if seed % 2 else "bio ✓")
        return to_json(encode.single_user(view)), _by_model(outputs.SingleUser, {"user": view})

    def profile(seed: int) -> tuple[bytes, bytes]:
        view = ProfileViewFactory.build(image=None if seed % 2 else "https://example.com/a.png")
        return to_json(encode.single_profile(view)), _by_model(
            outputs.SingleProfile, {"profile": view}
        )

    def tags(seed: int) -> tuple[bytes, bytes]:
        names = [f"tag-{i}" for i in range(seed)]
        return to_json(encode.tags(names)), _by_model(outputs.Tags, {"tags": names})

    return [
        ("article", article),
        ("page", page),
        ("comments", comments),
        ("user", user),
        ("profile", profile),
        ("tags", tags),
    ]


@pytest.mark.parametrize(("name", "case"), _cases(), ids=[name for name, _ in _cases()])
@pytest.mark.parametrize("seed", range(8))
def test_encoder_writes_what_its_response_model_would(
    name: str, case: Callable[[int], tuple[bytes, bytes]], seed: int
) -> None:
    mine, documented = case(seed)
    assert mine == documented, name


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (MOMENTS[0], "2026-01-02T03:04:05.678Z"),
        (MOMENTS[1], "2026-01-02T03:04:05.000Z"),
        (MOMENTS[2], "2026-01-02T03:04:05.999Z"),
        (MOMENTS[3], "2000-01-01T05:29:59.000Z"),
    ],
)
def test_timestamps_are_utc_with_truncated_milliseconds_and_z(
    moment: datetime, expected: str
) -> None:
    assert encode.rfc3339_ms(moment) == expected


def test_an_unset_bio_and_image_are_empty_strings_wherever_a_user_appears() -> None:
    author = ProfileViewFactory.build(bio=None, image=None)
    account = AccountViewFactory.build(bio=None, image=None)
    article = ArticleViewFactory.build(author=author)
    comment = CommentViewFactory.build(author=author)

    people = [
        encode.single_user(account)["user"],
        encode.single_profile(author)["profile"],
        encode.single_article(article)["article"]["author"],
        encode.multiple_articles(ArticlePage([article], total=1))["articles"][0]["author"],
        encode.single_comment(comment)["comment"]["author"],
    ]

    assert [(person["bio"], person["image"]) for person in people] == [("", "")] * 5


def test_the_documented_bio_and_image_are_strings_that_are_never_null() -> None:
    for model in (outputs.User, outputs.Profile):
        properties = model.model_json_schema(mode="serialization")["properties"]
        for name in ("bio", "image"):
            assert properties[name]["type"] == "string", (model, name)
            assert "anyOf" not in properties[name], (model, name)
