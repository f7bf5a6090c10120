"""Registration, login and the signed-in user."""

from __future__ import annotations

from fastapi import APIRouter, status

from entrypoints.api.auth import Viewer
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.inputs import LoginUserRequest, NewUserRequest, UpdateUserRequest
from entrypoints.api.realworld.outputs import SingleUser
from entrypoints.api.state import UsersDep

router = APIRouter(tags=["User and Authentication"])


@router.post(
    "/users/login",
    response_model=SingleUser,
    status_code=status.HTTP_200_OK,
    summary="Existing user login",
    description="Log in with email and password; the answer carries a fresh token.",
    operation_id="Login",
    responses=error_responses(401, 413, 422),
)
async def login(payload: LoginUserRequest, users: UsersDep) -> SingleUser:
    credentials = payload.user
    return SingleUser.of(await users.login(email=credentials.email, password=credentials.password))


@router.post(
    "/users",
    response_model=SingleUser,
    status_code=status.HTTP_201_CREATED,
    summary="Register a new user",
    description="Create an account; the answer carries a token for it.",
    operation_id="CreateUser",
    responses=error_responses(413, 422),
)
async def register(payload: NewUserRequest, users: UsersDep) -> SingleUser:
    return SingleUser.of(await users.register(payload.to_command()))


@router.get(
    "/user",
    response_model=SingleUser,
    status_code=status.HTTP_200_OK,
    summary="Get current user",
    description="The signed-in user, with a fresh token.",
    operation_id="GetCurrentUser",
    responses=error_responses(401, 422),
)
async def current_user(viewer: Viewer, users: UsersDep) -> SingleUser:
    return SingleUser.of(await users.current(viewer))


@router.put(
    "/user",
    response_model=SingleUser,
    status_code=status.HTTP_200_OK,
    summary="Update current user",
    description="Change any of email, username, password, bio and image; fields left out stay "
    "as they are, and `null` clears bio or image.",
    operation_id="UpdateCurrentUser",
    responses=error_responses(401, 413, 422),
)
async def update_user(payload: UpdateUserRequest, viewer: Viewer, users: UsersDep) -> SingleUser:
    return SingleUser.of(await users.update(viewer, payload.user.to_changes()))
