"""Profiles: read one, follow and unfollow its user."""

from __future__ import annotations

from fastapi import APIRouter, status

from entrypoints.api.auth import OptionalViewer, Viewer
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.outputs import SingleProfile
from entrypoints.api.realworld.params import Username
from entrypoints.api.state import ProfilesDep

router = APIRouter(tags=["Profile"])


@router.get(
    "/profiles/{username}",
    response_model=SingleProfile,
    status_code=status.HTTP_200_OK,
    summary="Get a profile",
    description="A user's public profile; `following` is for the signed-in caller, if any.",
    operation_id="GetProfileByUsername",
    responses=error_responses(401, 404, 422),
)
async def get_profile(
    username: Username, viewer: OptionalViewer, profiles: ProfilesDep
) -> SingleProfile:
    return SingleProfile.of(await profiles.get(username, viewer))


@router.post(
    "/profiles/{username}/follow",
    response_model=SingleProfile,
    status_code=status.HTTP_200_OK,
    summary="Follow a user",
    description="Follow a user by username (following twice changes nothing).",
    operation_id="FollowUserByUsername",
    responses=error_responses(401, 404, 422),
)
async def follow(username: Username, viewer: Viewer, profiles: ProfilesDep) -> SingleProfile:
    return SingleProfile.of(await profiles.follow(viewer, username))


@router.delete(
    "/profiles/{username}/follow",
    response_model=SingleProfile,
    status_code=status.HTTP_200_OK,
    summary="Unfollow a user",
    description="Stop following a user by username (unfollowing twice changes nothing).",
    operation_id="UnfollowUserByUsername",
    responses=error_responses(401, 404, 422),
)
async def unfollow(username: Username, viewer: Viewer, profiles: ProfilesDep) -> SingleProfile:
    return SingleProfile.of(await profiles.unfollow(viewer, username))
