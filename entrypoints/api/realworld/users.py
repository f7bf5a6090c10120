"""Registration, login and the signed-in user."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from application.users import Users
from domain.errors import Unauthenticated
from entrypoints.api.auth import TOKEN_AUTH, Viewer, token_from_header, viewer
from entrypoints.api.realworld import encode
from entrypoints.api.realworld.encode import JsonBody, carries_token
from entrypoints.api.realworld.errors import error_responses
from entrypoints.api.realworld.inputs import LoginUserRequest, NewUserRequest, UpdateUserRequest
from entrypoints.api.realworld.media import JSON_BODY
from entrypoints.api.realworld.outputs import SingleUser
from entrypoints.api.realworld.paths import PREFIX, profile_path
from entrypoints.api.state import use_cases
from entrypoints.observability.service_metrics import LOGIN_FAILURES

router = APIRouter(prefix=PREFIX, tags=["User and Authentication"], strict_content_type=False)


def _users(request: Request) -> Users:
    return use_cases(request).users


@router.post(
    "/users/login",
    response_model=SingleUser,
    status_code=status.HTTP_200_OK,
    response_description="The user, with a new token",
    summary="Existing user login",
    description="Log in with email and password; the answer carries a fresh token.",
    operation_id="Login",
    responses=error_responses(401, 413, 415, 422),
    dependencies=[JSON_BODY],
)
@carries_token
async def login(request: Request, payload: LoginUserRequest) -> JsonBody:
    credentials = payload.user
    try:
        account = await _users(request).login(
            email=credentials.email, password=credentials.password
        )
    except Unauthenticated:
        LOGIN_FAILURES.inc()
        raise
    return JsonBody(encode.single_user(account))


@router.post(
    "/users",
    response_model=SingleUser,
    status_code=status.HTTP_201_CREATED,
    response_description="The new user, with a token; `Location` is the path of their profile",
    summary="Register a new user",
    description="Create an account; the answer carries a token for it.",
    operation_id="CreateUser",
    responses=error_responses(413, 415, 422),
    dependencies=[JSON_BODY],
)
@carries_token
async def register(request: Request, payload: NewUserRequest) -> JsonBody:
    found = await _users(request).register(payload.to_command())
    headers = {"Location": profile_path(found.username)}
    return JsonBody(encode.single_user(found), status.HTTP_201_CREATED, headers)


@router.get(
    "/user",
    response_model=SingleUser,
    status_code=status.HTTP_200_OK,
    response_description="The signed-in user",
    summary="Get current user",
    description="The signed-in user, with the token the request was sent with.",
    operation_id="GetCurrentUser",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401),
)
@carries_token
async def current_user(request: Request) -> JsonBody:
    caller = viewer(request)  # a verified caller means the header is there and well formed
    token = token_from_header(request.headers["authorization"])
    found = await _users(request).current(caller, token=token)
    return JsonBody(encode.single_user(found))


@router.put(
    "/user",
    response_model=SingleUser,
    status_code=status.HTTP_200_OK,
    response_description="The user as they now are, with a new token",
    summary="Update current user",
    description="Change any of email, username, password, bio and image; fields left out stay "
    "as they are, and `null` clears bio or image.",
    operation_id="UpdateCurrentUser",
    openapi_extra=TOKEN_AUTH,
    responses=error_responses(401, 413, 415, 422),
    dependencies=[JSON_BODY],
)
@carries_token
async def update_user(request: Request, payload: UpdateUserRequest, caller: Viewer) -> JsonBody:
    found = await _users(request).update(caller, payload.user.to_changes())
    return JsonBody(encode.single_user(found))
