"""The account use cases' uniqueness checks, which lean on each adapter's lookups ignoring case the
same way its constraints do: case-only changes of one's own email or username, and both taken."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from adapters.security.passwords import Argon2PasswordHasher
from adapters.security.tokens import JwtTokenService
from application.ports import Persistence
from application.users import AccountChanges, Users
from domain.errors import AlreadyExists
from tests.factories import CLOCK, PASSWORD, a_registration


@pytest.fixture(scope="module")
def hasher() -> Iterator[Argon2PasswordHasher]:
    fast = Argon2PasswordHasher(time_cost=1, memory_kib=8, parallelism=1, max_workers=1)
    yield fast
    fast.close()


@pytest.fixture
def users(db: Persistence, hasher: Argon2PasswordHasher) -> Users:
    tokens = JwtTokenService(
        secret="contract-tests-only-secret-32-bytes!",
        algorithm="HS256",
        ttl=timedelta(hours=1),
        clock=CLOCK,
    )
    return Users(uow=db.unit_of_work, hasher=hasher, tokens=tokens, clock=CLOCK)


@pytest.mark.parametrize(
    ("mine", "recased"),
    [("straße@example.de", "STRASSE@example.de"), ("ann@example.com", "ANN@EXAMPLE.COM")],
)
async def test_a_user_may_change_their_own_email_only_in_case(
    users: Users, mine: str, recased: str
) -> None:
    registered = await users.register(a_registration(email=mine))
    user_id = users.authenticate(registered.token)
    account = await users.update(user_id, AccountChanges(email=recased))
    assert account.email == recased
    logged_in = await users.login(email=mine, password=PASSWORD)
    assert (logged_in.email, users.authenticate(logged_in.token)) == (recased, user_id)


async def test_a_user_may_change_their_own_username_only_in_case(users: Users) -> None:
    registered = await users.register(a_registration(username="lower.case"))
    account = await users.update(
        users.authenticate(registered.token), AccountChanges(username="LOWER.Case")
    )
    assert account.username == "LOWER.Case"


async def test_registering_with_an_email_and_a_username_both_taken_reports_both(
    users: Users,
) -> None:
    first = await users.register(a_registration())
    second = await users.register(a_registration())
    with pytest.raises(AlreadyExists) as raised:
        await users.register(
            a_registration(email=first.email.upper(), username=second.username.upper())
        )
    assert raised.value.fields == ("email", "username")
