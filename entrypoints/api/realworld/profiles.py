"""Profiles: read one, follow and unfollow its user."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from application.profiles import Profiles
from entrypoints.api.auth import OPTIONAL_TOKEN_AUTH, TOKEN_AUTH, optional_viewer, viewer
from entrypoints.api.realworld import encode
from entrypoints.api.realworld.encode import JsonBody
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.outputs import SingleProfile
from entrypoints.api.realworld.params import Username
from entrypoints.api.realworld.paths import PREFIX
from entrypoints.api.state import use_cases

router = APIRouter(prefix=PREFIX, tags=["Profile"])


def _profiles(request: Request) -> Profiles:
    return use_cases(request).profiles


@router.get(
    "/profiles/{username}",
    response_model=SingleProfile,
    status_code=status.HTTP_200_OK,
    response_description="The profile",
    summary="Get a profile",
    description="A user's public profile; `following` is for the signed-in caller, if any.",
    operation_id="GetProfileByUsername",
    openapi_extra=OPTIONAL_TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def get_profile(request: Request, username: Username) -> JsonBody:
    found = await _profiles(request).get(username, optional_viewer(request))
    return JsonBody(encode.single_profile(found))


@router.post(
    "/profiles/{username}/follow",
    response_model=SingleProfile,
    status_code=status.HTTP_200_OK,
    response_description="The profile, now followed by the caller",
    summary="Follow a user",
    description="Follow a user by username (following twice changes nothing).",
    operation_id="FollowUserByUsername",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def follow(request: Request, username: Username) -> JsonBody:
    found = await _profiles(request).follow(viewer(request), username)
    return JsonBody(encode.single_profile(found))


@router.delete(
    "/profiles/{username}/follow",
    response_model=SingleProfile,
    status_code=status.HTTP_200_OK,
    response_description="The profile, no longer followed by the caller",
    summary="Unfollow a user",
    description="Stop following a user by username (unfollowing twice changes nothing).",
    operation_id="UnfollowUserByUsername",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 404, 422),
)
async def unfollow(request: Request, username: Username) -> JsonBody:
    found = await _profiles(request).unfollow(viewer(request), username)
    return JsonBody(encode.single_profile(found))
