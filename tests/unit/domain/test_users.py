"""The ``User`` entity: registering, updating, the fields that changed and the events raised."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from domain.events import UserRegistered, UserUpdated
from domain.users import UNSET, Bio, Email, ImageUrl, User, Username
from tests.factories import a_user
from tests.support.clock import TestClock


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
def user(clock: TestClock) -> User:
    registered = a_user(password_hash="$hash$one", now=clock.now())
    registered.pull_events()
    return registered


def test_registering_makes_a_user_with_no_bio_or_image_and_equal_timestamps(
    clock: TestClock,
) -> None:
    now = clock.now()
    user = User.register(
        username=Username("ann"), email=Email("ann@example.com"), password_hash="h", now=now
    )
    assert (user.username, user.email, user.password_hash) == (
        Username("ann"),
        Email("ann@example.com"),
        "h",
    )
    assert (user.bio, user.image) == (None, None)
    assert user.created_at == user.updated_at == now


def test_registering_records_a_user_registered_event(clock: TestClock) -> None:
    now = clock.now()
    user = User.register(
        username=Username("ann"), email=Email("ann@example.com"), password_hash="h", now=now
    )
    [event] = user.events
    assert isinstance(event, UserRegistered)
    assert (event.user_id, event.occurred_at) == (user.id, now)
    assert event.name == "user.registered"


def test_the_registered_event_carries_ids_and_no_personal_data(clock: TestClock) -> None:
    user = User.register(
        username=Username("ann"), email=Email("ann@example.com"), password_hash="h", now=clock.now()
    )
    [event] = user.pull_events()
    assert set(dataclasses.asdict(event)) == {"event_id", "occurred_at", "user_id"}


def test_registering_may_give_a_bio_and_an_image(clock: TestClock) -> None:
    user = User.register(
        username=Username("ann"),
        email=Email("ann@example.com"),
        password_hash="h",
        bio=Bio("Hi"),
        image=ImageUrl("https://img.example.com/a.png"),
        now=clock.now(),
    )
    assert (user.bio, user.image) == (Bio("Hi"), ImageUrl("https://img.example.com/a.png"))


def test_two_registrations_get_different_ids(clock: TestClock) -> None:
    first = User.register(
        username=Username("ann"), email=Email("a@example.com"), password_hash="h", now=clock.now()
    )
    second = User.register(
        username=Username("ann"), email=Email("a@example.com"), password_hash="h", now=clock.now()
    )
    assert first.id != second.id


def test_pull_events_hands_over_pending_events_once(clock: TestClock) -> None:
    user = User.register(
        username=Username("ann"), email=Email("a@example.com"), password_hash="h", now=clock.now()
    )
    assert len(user.pull_events()) == 1
    assert user.pull_events() == []
    assert user.events == []


def test_updating_every_field_reports_each_and_moves_updated_at(
    user: User, clock: TestClock
) -> None:
    created_at = user.created_at
    later = clock.advance(timedelta(hours=1))
    changed = user.update(
        now=later,
        username=Username("renamed"),
        email=Email("renamed@example.com"),
        password_hash="$hash$two",
        bio=Bio("Hi"),
        image=ImageUrl("https://img.example.com/a.png"),
    )
    assert changed == ("username", "email", "password", "bio", "image")
    assert user.username == Username("renamed")
    assert user.email == Email("renamed@example.com")
    assert user.password_hash == "$hash$two"
    assert user.bio == Bio("Hi")
    assert user.image == ImageUrl("https://img.example.com/a.png")
    assert (user.created_at, user.updated_at) == (created_at, later)


def test_an_update_records_one_event_naming_the_changed_fields(
    user: User, clock: TestClock
) -> None:
    now = clock.now()
    user.update(now=now, bio=Bio("Hi"), email=Email("new@example.com"))
    [event] = user.pull_events()
    assert isinstance(event, UserUpdated)
    assert (event.user_id, event.fields, event.occurred_at) == (user.id, ("email", "bio"), now)


def test_an_update_with_the_current_values_changes_nothing(user: User, clock: TestClock) -> None:
    before = user.updated_at
    changed = user.update(
        now=clock.advance(timedelta(days=1)),
        username=Username(user.username.value),
        email=Email(user.email.value),
        bio=None,
        image=None,
    )
    assert changed == ()
    assert user.updated_at == before
    assert user.events == []


def test_an_update_without_arguments_changes_nothing(user: User, clock: TestClock) -> None:
    assert user.update(now=clock.now()) == ()
    assert user.events == []


def test_a_new_password_hash_always_counts_as_a_change(user: User, clock: TestClock) -> None:
    assert user.update(now=clock.now(), password_hash=user.password_hash) == ("password",)


def test_unset_bio_and_image_are_left_alone(user: User, clock: TestClock) -> None:
    user.update(now=clock.now(), bio=Bio("Hi"), image=ImageUrl("https://x.example/a.png"))
    changed = user.update(now=clock.now(), bio=UNSET, image=UNSET)
    assert changed == ()
    assert user.bio == Bio("Hi")
    assert user.image == ImageUrl("https://x.example/a.png")


def test_none_clears_bio_and_image(user: User, clock: TestClock) -> None:
    user.update(now=clock.now(), bio=Bio("Hi"), image=ImageUrl("https://x.example/a.png"))
    changed = user.update(now=clock.now(), bio=None, image=None)
    assert changed == ("bio", "image")
    assert (user.bio, user.image) == (None, None)


def test_changing_only_the_case_of_the_username_is_a_change(user: User, clock: TestClock) -> None:
    changed = user.update(now=clock.now(), username=Username(user.username.value.upper()))
    assert changed == ("username",)
