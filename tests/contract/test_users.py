"""UserRepository: storing, finding, changing users; case-insensitive uniqueness; listing; the
password-hash compare-and-set."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.ports import Persistence
from domain.errors import AlreadyExists
from domain.ids import new_user_id
from domain.paging import PageRequest
from domain.users import Bio, Email, ImageUrl, Username
from tests.contract._helpers import stored_user
from tests.factories import CLOCK, a_user


async def test_an_added_user_is_found_by_id_username_and_email_with_every_field(
    db: Persistence,
) -> None:
    user = a_user(username="Ann.Lee", email="Ann.Lee@Example.com", password_hash="$argon2$x")
    async with db.unit_of_work() as uow:
        await uow.users.add(user)
        await uow.commit()

    async with db.unit_of_work() as uow:
        found = [
            await uow.users.by_id(user.id),
            await uow.users.by_username("Ann.Lee"),
            await uow.users.by_email("Ann.Lee@Example.com"),
        ]
    for each in found:
        assert each is not None
        assert each.id == user.id
        assert each.username == Username("Ann.Lee")
        assert each.email == Email("Ann.Lee@Example.com")
        assert each.password_hash == "$argon2$x"
        assert (each.bio, each.image) == (None, None)
        assert each.created_at == user.created_at
        assert each.updated_at == user.updated_at
        assert each.created_at.utcoffset() == timedelta(0)
        assert each.events == []


async def test_username_and_email_lookups_ignore_case(db: Persistence) -> None:
    user = await stored_user(db, username="MixedCase", email="Mixed.Case@Example.COM")
    async with db.unit_of_work() as uow:
        by_name = await uow.users.by_username("mIXEDcASE")
        by_email = await uow.users.by_email("mixed.case@example.com")
    assert by_name is not None
    assert by_name.id == user.id
    assert by_name.username.value == "MixedCase"  # the case given is kept for display
    assert by_email is not None
    assert by_email.id == user.id


async def test_unknown_users_are_none(db: Persistence) -> None:
    await stored_user(db, username="known", email="known@example.com")
    async with db.unit_of_work() as uow:
        assert await uow.users.by_id(new_user_id()) is None
        assert await uow.users.by_username("unknown") is None
        assert await uow.users.by_email("unknown@example.com") is None
        assert await uow.users.by_username("know") is None  # no prefix matching


@pytest.mark.parametrize(
    ("stored", "other"),
    [("émile@exemple.fr", "ÉMILE@EXEMPLE.FR"), ("straße@example.de", "STRASSE@example.de")],
)
async def test_emails_that_differ_only_in_unicode_case_are_one_account(
    db: Persistence, stored: str, other: str
) -> None:
    user = await stored_user(db, email=stored)
    async with db.unit_of_work() as uow:
        found = await uow.users.by_email(other)
        with pytest.raises(AlreadyExists) as raised:
            await uow.users.add(a_user(email=other))
    assert found is not None
    assert found.id == user.id
    assert found.email.value == stored  # the address as given is kept
    assert raised.value.field == "email"


@pytest.mark.parametrize("email", ["taken@example.com", "TAKEN@Example.Com"])
async def test_adding_a_user_with_a_taken_email_raises_already_exists_email(
    db: Persistence, email: str
) -> None:
    await stored_user(db, email="taken@example.com")
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            await uow.users.add(a_user(email=email))
    assert raised.value.field == "email"


@pytest.mark.parametrize("username", ["taken", "TaKeN"])
async def test_adding_a_user_with_a_taken_username_raises_already_exists_username(
    db: Persistence, username: str
) -> None:
    await stored_user(db, username="taken")
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            await uow.users.add(a_user(username=username))
    assert raised.value.field == "username"


async def test_saved_changes_are_stored_and_the_old_names_are_freed(db: Persistence) -> None:
    user = await stored_user(db, username="before", email="before@example.com")
    later = CLOCK.now()
    user.update(
        now=later,
        username=Username("after"),
        email=Email("after@example.com"),
        password_hash="$new$hash",
        bio=Bio("Writes things."),
        image=ImageUrl("https://img.example.com/a.png"),
    )
    async with db.unit_of_work() as uow:
        await uow.users.save(user)
        await uow.commit()

    async with db.unit_of_work() as uow:
        saved = await uow.users.by_id(user.id)
        assert await uow.users.by_username("before") is None
        assert await uow.users.by_email("before@example.com") is None
        assert await uow.users.by_username("AFTER") is not None
        assert await uow.users.by_email("After@Example.com") is not None
        # the freed names can be taken by someone else
        await uow.users.add(a_user(username="before", email="before@example.com"))
    assert saved is not None
    assert saved.username.value == "after"
    assert saved.email.value == "after@example.com"
    assert saved.password_hash == "$new$hash"
    assert saved.bio == Bio("Writes things.")
    assert saved.image == ImageUrl("https://img.example.com/a.png")
    assert saved.created_at == user.created_at
    assert saved.updated_at == later


async def test_saving_bio_and_image_as_none_clears_them(db: Persistence) -> None:
    user = await stored_user(db)
    user.update(now=CLOCK.now(), bio=Bio("x"), image=ImageUrl("https://example.com/i.png"))
    async with db.unit_of_work() as uow:
        await uow.users.save(user)
        await uow.commit()
    user.update(now=CLOCK.now(), bio=None, image=None)
    async with db.unit_of_work() as uow:
        await uow.users.save(user)
        await uow.commit()
    async with db.unit_of_work() as uow:
        saved = await uow.users.by_id(user.id)
    assert saved is not None
    assert (saved.bio, saved.image) == (None, None)


async def test_a_user_may_change_the_case_of_their_own_username_and_email(
    db: Persistence,
) -> None:
    user = await stored_user(db, username="lower", email="lower@example.com")
    user.update(now=CLOCK.now(), username=Username("LOWER"), email=Email("LOWER@example.com"))
    async with db.unit_of_work() as uow:
        await uow.users.save(user)
        await uow.commit()
    async with db.unit_of_work() as uow:
        saved = await uow.users.by_username("lower")
    assert saved is not None
    assert (saved.username.value, saved.email.value) == ("LOWER", "LOWER@example.com")


async def test_saving_a_rename_to_a_taken_username_raises_and_changes_nothing(
    db: Persistence,
) -> None:
    await stored_user(db, username="first")
    second = await stored_user(db, username="second")
    second.update(now=CLOCK.now(), username=Username("FIRST"))
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            await uow.users.save(second)
    assert raised.value.field == "username"
    async with db.unit_of_work() as uow:
        unchanged = await uow.users.by_id(second.id)
    assert unchanged is not None
    assert unchanged.username.value == "second"


async def test_saving_a_change_to_a_taken_email_raises_already_exists_email(
    db: Persistence,
) -> None:
    await stored_user(db, email="first@example.com")
    second = await stored_user(db, email="second@example.com")
    second.update(now=CLOCK.now(), email=Email("First@Example.com"))
    async with db.unit_of_work() as uow:
        with pytest.raises(AlreadyExists) as raised:
            await uow.users.save(second)
    assert raised.value.field == "email"


async def test_changing_a_returned_user_without_saving_changes_nothing_stored(
    db: Persistence,
) -> None:
    user = await stored_user(db, username="stable")
    async with db.unit_of_work() as uow:
        loaded = await uow.users.by_id(user.id)
        assert loaded is not None
        loaded.update(now=CLOCK.now(), username=Username("drifted"), bio=Bio("changed"))
        await uow.commit()
    user.update(now=CLOCK.now(), bio=Bio("also changed"))  # the object given to add()
    async with db.unit_of_work() as uow:
        stored = await uow.users.by_id(user.id)
    assert stored is not None
    assert (stored.username.value, stored.bio) == ("stable", None)


async def test_registered_lists_users_in_registration_order_by_page(db: Persistence) -> None:
    base = CLOCK.now()
    # added out of order: registration time decides, not the order of the inserts
    users = [a_user(username=f"user{i}", now=base + timedelta(seconds=i)) for i in range(5)]
    async with db.unit_of_work() as uow:
        for user in [users[3], users[0], users[4], users[1], users[2]]:
            await uow.users.add(user)
        await uow.commit()

    async with db.unit_of_work() as uow:
        everyone = await uow.users.registered(PageRequest(limit=20, offset=0))
        first_two = await uow.users.registered(PageRequest(limit=2, offset=0))
        last_partial = await uow.users.registered(PageRequest(limit=2, offset=4))
        past_the_end = await uow.users.registered(PageRequest(limit=2, offset=5))
    assert [u.username for u in everyone] == [f"user{i}" for i in range(5)]
    assert [u.email for u in everyone] == [u.email.value for u in users]
    assert [u.created_at for u in everyone] == [u.created_at for u in users]
    assert [u.username for u in first_two] == ["user0", "user1"]
    assert [u.username for u in last_partial] == ["user4"]
    assert past_the_end == []


# --- replace_password_hash -----------------------------------------------------------------------
async def test_replacing_the_password_hash_stores_the_new_one_when_the_old_one_matches(
    db: Persistence,
) -> None:
    user = await stored_user(db)
    async with db.unit_of_work() as uow:
        assert await uow.users.replace_password_hash(user.id, user.password_hash, "$new$") is True
        await uow.commit()
    async with db.unit_of_work() as uow:
        saved = await uow.users.by_id(user.id)
    assert saved is not None
    assert saved.password_hash == "$new$"
    assert (saved.username, saved.email, saved.updated_at) == (
        user.username,
        user.email,
        user.updated_at,
    )


async def test_replacing_a_password_hash_that_changed_meanwhile_changes_nothing(
    db: Persistence,
) -> None:
    user = await stored_user(db)
    async with db.unit_of_work() as uow:
        assert await uow.users.replace_password_hash(user.id, "$not-the-stored$", "$new$") is False
        assert await uow.users.replace_password_hash(
            new_user_id(), user.password_hash, "$new$"
        ) is (False)
        await uow.commit()
    async with db.unit_of_work() as uow:
        saved = await uow.users.by_id(user.id)
    assert saved is not None
    assert saved.password_hash == user.password_hash
