"""Profiles: read one (auth optional), follow and unfollow."""

from __future__ import annotations

from tests.api.conduit import Conduit, auth, errors_of
from tests.factories import unique_username


async def test_profile_for_an_anonymous_caller_is_not_followed(conduit: Conduit) -> None:
    account = await conduit.register()
    body = await conduit.get_json(f"/api/profiles/{account.username}")

    assert body == {
        "profile": {"username": account.username, "bio": "", "image": "", "following": False}
    }


async def test_profile_shows_following_for_a_follower_only(conduit: Conduit) -> None:
    celeb, fan, stranger = [await conduit.register() for _ in range(3)]
    await conduit.follow(fan, celeb.username)

    as_fan = await conduit.get_json(f"/api/profiles/{celeb.username}", fan)
    as_stranger = await conduit.get_json(f"/api/profiles/{celeb.username}", stranger)

    assert as_fan["profile"]["following"] is True
    assert as_stranger["profile"]["following"] is False


async def test_profile_lookup_ignores_case(conduit: Conduit) -> None:
    account = await conduit.register()
    body = await conduit.get_json(f"/api/profiles/{account.username.upper()}")

    assert body["profile"]["username"] == account.username


async def test_unknown_profile_is_404(conduit: Conduit) -> None:
    response = await conduit.client.get(f"/api/profiles/{unique_username()}")

    assert response.status_code == 404
    assert errors_of(response) == {"profile": ["not found"]}


async def test_profile_with_an_invalid_token_is_401_not_anonymous(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.get(
        f"/api/profiles/{account.username}", headers=auth("not.a.token")
    )

    assert response.status_code == 401
    assert errors_of(response) == {"token": ["is invalid or expired"]}


async def test_follow_answers_the_followed_profile_and_is_idempotent(conduit: Conduit) -> None:
    celeb, fan = await conduit.register(), await conduit.register()
    path = f"/api/profiles/{celeb.username}/follow"

    # The RealWorld suite sends a (meaningless) body with this request; it is ignored.
    first = await conduit.client.post(path, json={"user": {"email": "x"}}, headers=fan.headers)
    second = await conduit.client.post(path, headers=fan.headers)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["profile"] == {
        "username": celeb.username,
        "bio": "",
        "image": "",
        "following": True,
    }


async def test_following_yourself_is_422(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.post(
        f"/api/profiles/{account.username}/follow", headers=account.headers
    )

    assert response.status_code == 422
    assert errors_of(response) == {"username": ["cannot follow yourself"]}
    profile = await conduit.get_json(f"/api/profiles/{account.username}", account)
    assert profile["profile"]["following"] is False


async def test_follow_needs_a_token_and_an_existing_user(conduit: Conduit) -> None:
    celeb, fan = await conduit.register(), await conduit.register()

    anonymous = await conduit.client.post(f"/api/profiles/{celeb.username}/follow")
    unknown = await conduit.client.post(
        f"/api/profiles/{unique_username()}/follow", headers=fan.headers
    )

    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (unknown.status_code, errors_of(unknown)) == (404, {"profile": ["not found"]})


async def test_unfollow_answers_the_profile_no_longer_followed(conduit: Conduit) -> None:
    celeb, fan = await conduit.register(), await conduit.register()
    await conduit.follow(fan, celeb.username)

    response = await conduit.client.delete(
        f"/api/profiles/{celeb.username}/follow", headers=fan.headers
    )
    again = await conduit.client.delete(
        f"/api/profiles/{celeb.username}/follow", headers=fan.headers
    )

    assert response.status_code == again.status_code == 200
    assert response.json()["profile"]["following"] is False
    assert again.json()["profile"]["following"] is False


async def test_unfollow_needs_a_token_and_an_existing_user(conduit: Conduit) -> None:
    celeb, fan = await conduit.register(), await conduit.register()

    anonymous = await conduit.client.delete(f"/api/profiles/{celeb.username}/follow")
    unknown = await conduit.client.delete(
        f"/api/profiles/{unique_username()}/follow", headers=fan.headers
    )

    assert (anonymous.status_code, errors_of(anonymous)) == (401, {"token": ["is missing"]})
    assert (unknown.status_code, errors_of(unknown)) == (404, {"profile": ["not found"]})
