"""Profiles: read one; follow and unfollow its user (idempotent, 200 with the profile)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from application.profiles import Profiles
from entrypoints.api import state
from entrypoints.api.v1 import encode
from entrypoints.api.v1.auth import BEARER_AUTH, OPTIONAL_BEARER_AUTH, caller, optional_caller
from entrypoints.api.v1.document import problems
from entrypoints.api.v1.encode import JsonBody
from entrypoints.api.v1.paths import PREFIX
from entrypoints.api.v1.schemas import Profile

router = APIRouter(prefix=PREFIX, tags=["Profiles"])

_FOLLOW_LINKS = {
    "GetProfile": {
        "operationId": "getProfile",
        "parameters": {"username": "$response.body#/username"},
        "description": "Read the profile again.",
    },
}


def _profiles(request: Request) -> Profiles:
    return state.use_cases(request).profiles


@router.get(
    "/profiles/{username}",
    response_model=Profile,
    status_code=status.HTTP_200_OK,
    response_description="The profile",
    summary="Read a profile",
    description="A user's public profile (never an email); `following` is for the caller, "
    "`false` without a token.",
    operation_id="getProfile",
    openapi_extra=OPTIONAL_BEARER_AUTH,
    responses=problems(401, 404),
)
async def get_profile(request: Request, username: str) -> JsonBody:
    found = await _profiles(request).get(username, optional_caller(request))
    return JsonBody(encode.profile(found))


@router.put(
    "/profiles/{username}/follow",
    response_model=Profile,
    status_code=status.HTTP_200_OK,
    response_description="The profile, followed by the caller",
    summary="Follow a user",
    description="Follow a user; following again changes nothing.",
    operation_id="followProfile",
    openapi_extra=BEARER_AUTH,
    responses={**problems(401, 404, 422), 200: {"links": _FOLLOW_LINKS}},
)
async def follow(request: Request, username: str) -> JsonBody:
    found = await _profiles(request).follow(caller(request), username)
    return JsonBody(encode.profile(found))


@router.delete(
    "/profiles/{username}/follow",
    response_model=Profile,
    status_code=status.HTTP_200_OK,
    response_description="The profile, not followed by the caller",
    summary="Unfollow a user",
    description="Stop following a user; unfollowing again changes nothing.",
    operation_id="unfollowProfile",
    openapi_extra=BEARER_AUTH,
    responses={**problems(401, 404, 422), 200: {"links": _FOLLOW_LINKS}},
)
async def unfollow(request: Request, username: str) -> JsonBody:
    found = await _profiles(request).unfollow(caller(request), username)
    return JsonBody(encode.profile(found))
