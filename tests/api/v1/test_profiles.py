"""Profiles on ``/api/v1``: read, follow, unfollow (idempotent), over every database."""

from __future__ import annotations

from tests.api.v1.conftest import V1, problem_of


async def test_a_profile_shows_public_fields_only(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.get(f"/api/v1/profiles/{member.username}")

    assert response.status_code == 200
    assert response.json() == {
        "username": member.username,
        "bio": None,
        "image": None,
        "following": False,
    }


async def test_an_unknown_profile_is_a_404_problem(v1: V1) -> None:
    problem = problem_of(await v1.client.get("/api/v1/profiles/nobody"), 404, "not-found")
    assert problem["detail"] == "no such profile"


async def test_reading_a_profile_with_a_bad_token_is_a_401_not_anonymous(v1: V1) -> None:
    member = await v1.register()

    response = await v1.client.get(
        f"/api/v1/profiles/{member.username}", headers={"Authorization": "Bearer nonsense"}
    )

    problem_of(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


async def test_following_twice_and_unfollowing_twice_answer_200_with_the_profile(v1: V1) -> None:
    fan, star = await v1.register(), await v1.register()
    path = f"/api/v1/profiles/{star.username}/follow"

    follows = [await v1.client.put(path, headers=fan.headers) for _ in range(2)]
    seen = await v1.client.get(f"/api/v1/profiles/{star.username}", headers=fan.headers)
    unfollows = [await v1.client.delete(path, headers=fan.headers) for _ in range(2)]

    assert [r.status_code for r in follows + unfollows] == [200] * 4
    assert [r.json()["following"] for r in follows] == [True, True]
    assert seen.json()["following"] is True
    assert [r.json()["following"] for r in unfollows] == [False, False]


async def test_following_needs_a_token(v1: V1) -> None:
    star = await v1.register()

    response = await v1.client.put(f"/api/v1/profiles/{star.username}/follow")

    problem_of(response, 401, "unauthenticated")


async def test_following_an_unknown_user_is_a_404_and_yourself_a_422(v1: V1) -> None:
    fan = await v1.register()

    missing = await v1.client.put("/api/v1/profiles/nobody/follow", headers=fan.headers)
    yourself = await v1.client.put(f"/api/v1/profiles/{fan.username}/follow", headers=fan.headers)

    problem_of(missing, 404, "not-found")
    problem = problem_of(yourself, 422, "validation-failed")
    assert problem["errors"] == [{"parameter": "username", "detail": "cannot follow yourself"}]


async def test_no_representation_shows_another_users_email(v1: V1) -> None:
    fan, star = await v1.register(), await v1.register()

    answers = [
        await v1.client.get(f"/api/v1/profiles/{star.username}", headers=fan.headers),
        await v1.client.put(f"/api/v1/profiles/{star.username}/follow", headers=fan.headers),
        await v1.client.delete(f"/api/v1/profiles/{star.username}/follow", headers=fan.headers),
    ]

    for answer in answers:
        assert answer.status_code == 200
        assert star.email not in answer.text
        assert "email" not in answer.json()
