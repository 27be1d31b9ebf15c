"""Shared fixtures: an edition laid out like the 2023 forum, users in each role."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.db import connection

from ecoforum.forums.enums import CommitteeRole

from .factories import (
    CommitteeMemberFactory,
    EditionFactory,
    RoomFactory,
    SectionFactory,
    ThemeForumFactory,
    UserFactory,
    VenueFactory,
)

#: ../shared beside the repository: real schemas, schedules and data the tests read.
SHARED = Path(os.environ.get("ECOFORUM_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def shared() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture
def edition(db):
    return EditionFactory(year=2023)


@pytest.fixture
def venue(edition):
    return VenueFactory(edition=edition)


@pytest.fixture
def room(venue):
    return RoomFactory(venue=venue, name_zh_hans="主会场", name_en="Main Hall", capacity=1200)


@pytest.fixture
def other_room(venue):
    return RoomFactory(venue=venue, name_zh_hans="分会场一", name_en="Hall 1", capacity=300)


@pytest.fixture
def section(edition):
    return SectionFactory(edition=edition)


@pytest.fixture
def theme_forum(edition, section):
    return ThemeForumFactory(edition=edition, section=section)


@pytest.fixture
def other_forum(edition, section):
    return ThemeForumFactory(edition=edition, section=section)


@pytest.fixture
def organizer(edition):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=CommitteeRole.ORGANIZER)
    return user


@pytest.fixture
def coordinator(theme_forum):
    user = UserFactory()
    theme_forum.coordinators.add(user)
    return user


def at(edition, day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment on the edition's ``day`` (0 = first day), in its own time zone."""
    return dt.datetime.combine(
        edition.start_date + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=edition.tz
    )
