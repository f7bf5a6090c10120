"""Each v1 encoder writes exactly what its declared model would."""

from __future__ import annotations

from application.views import AccountView, ProfileView
from entrypoints.api.v1 import encode
from entrypoints.api.v1.schemas import AccessToken, Account, Profile


def test_the_account_encoder_matches_its_model_and_leaves_out_the_token() -> None:
    view = AccountView(
        email="a@b.io", username="ann", bio=None, image="https://a.io/i.png", token="t"
    )

    body = encode.account(view)

    assert Account.model_validate(body).model_dump() == body
    assert "token" not in body


def test_the_profile_encoder_matches_its_model() -> None:
    body = encode.profile(ProfileView(username="ann", bio="hi", image=None, following=True))

    assert Profile.model_validate(body).model_dump() == body


def test_the_access_token_encoder_matches_its_model() -> None:
    body = encode.access_token("abc", 900)

    assert AccessToken.model_validate(body).model_dump() == body
    assert body["token_type"] == "Bearer"
