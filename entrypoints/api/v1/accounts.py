"""Accounts: register, log in (an access token), read and change the caller's own account."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from application.users import Users
from domain.errors import Unauthenticated
from entrypoints.api import state
from entrypoints.api.v1 import encode
from entrypoints.api.v1.auth import BEARER_AUTH, Caller, caller
from entrypoints.api.v1.document import problems
from entrypoints.api.v1.encode import NO_STORE, JsonBody
from entrypoints.api.v1.errors import uris_of
from entrypoints.api.v1.media import JSON_BODY, MERGE_PATCH
from entrypoints.api.v1.paths import PREFIX, profile_path
from entrypoints.api.v1.schemas import AccessToken, Account, AccountPatch, LoginRequest, NewAccount
from entrypoints.observability.service_metrics import LOGIN_FAILURES

router = APIRouter(prefix=PREFIX, tags=["Accounts"])

_PROFILE_LINKS = {
    "GetProfile": {
        "operationId": "getProfile",
        "parameters": {"username": "$response.body#/username"},
        "description": "The public profile of the account just made.",
    },
    "FollowProfile": {
        "operationId": "followProfile",
        "parameters": {"username": "$response.body#/username"},
        "description": "Follow the account just made.",
    },
}
_ME_LINKS = {
    "GetMe": {"operationId": "getMe", "description": "Read the account again."},
    "UpdateMe": {"operationId": "updateMe", "description": "Change the account."},
}


def _users(request: Request) -> Users:
    return state.use_cases(request).v1_users


@router.post(
    "/users",
    response_model=Account,
    status_code=status.HTTP_201_CREATED,
    response_description="The new account; `Location` is its public profile",
    summary="Register an account",
    description="Create an account. Unknown fields (`id`, `role` …) are refused. The answer holds "
    "no token: log in with `POST /api/v1/auth/login`.",
    operation_id="register",
    responses={**problems(409, 413, 415, 422), 201: {"links": _PROFILE_LINKS}},
    dependencies=[JSON_BODY],
)
async def register(request: Request, payload: NewAccount) -> JsonBody:
    found = await _users(request).register(payload.to_command())
    headers = {"Location": uris_of(request)(profile_path(found.username))}
    return JsonBody(encode.account(found), status.HTTP_201_CREATED, headers)


@router.post(
    "/auth/login",
    response_model=AccessToken,
    status_code=status.HTTP_200_OK,
    response_description="A short-lived access token (`Cache-Control: no-store`)",
    summary="Log in",
    description="Exchange a login (email or username) and password for a bearer access token "
    "that expires after `expires_in` seconds. The OAuth2 password grant is deliberately not "
    "offered (RFC 9700 §2.4).",
    operation_id="login",
    responses={
        **problems(401, 413, 415, 422, names={401: "invalid-credentials"}),
        200: {"links": _ME_LINKS},
    },
    dependencies=[JSON_BODY],
)
async def login(request: Request, payload: LoginRequest) -> JsonBody:
    try:
        found = await _users(request).sign_in(login=payload.login, password=payload.password)
    except Unauthenticated:
        LOGIN_FAILURES.inc()
        raise
    ttl = request.app.state.settings.access_token_ttl_seconds
    return JsonBody(encode.access_token(found.token, ttl), headers=NO_STORE)


@router.get(
    "/me",
    response_model=Account,
    status_code=status.HTTP_200_OK,
    response_description="The caller's account",
    summary="Read your account",
    description="The account the access token belongs to.",
    operation_id="getMe",
    openapi_extra=BEARER_AUTH,
    responses=problems(401),
)
async def get_me(request: Request) -> JsonBody:
    found = await _users(request).current(caller(request), token="")  # nosec B106  # v1's account carries no token: the view's field stays empty
    return JsonBody(encode.account(found))


@router.patch(
    "/me",
    response_model=Account,
    status_code=status.HTTP_200_OK,
    response_description="The account as it now is",
    summary="Change your account",
    description="A JSON merge patch (RFC 7396; `application/merge-patch+json` or "
    "`application/json`, same meaning): a field left out stays, `null` clears `bio` or "
    "`image`. Changing `email` or `password` needs `current_password`.",
    operation_id="updateMe",
    openapi_extra={
        **BEARER_AUTH,
        "requestBody": {
            "content": {
                MERGE_PATCH: {"schema": {"$ref": "#/components/schemas/AccountPatch"}},
            }
        },
    },
    responses=problems(400, 401, 409, 413, 415, 422),
    dependencies=[JSON_BODY],
)
async def update_me(request: Request, payload: AccountPatch, user: Caller) -> JsonBody:
    found = await _users(request).change(
        user, payload.to_changes(), current_password=payload.current_password
    )
    return JsonBody(encode.account(found))
