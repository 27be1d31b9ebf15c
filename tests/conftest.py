"""Shared fixtures: an edition laid out like the 2023 forum, users in each role."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from django.db import connection, connections

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

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def chromium():
    """Debian's Chromium driven by Playwright's sync API (never a downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            # ORM calls made while Playwright runs live in its own context: close that connection
            # too, or PostgreSQL refuses to drop the test database.
            connections.close_all()


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
    return dt.datetime.combine(edition.start_date + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=edition.tz)


def pytest_configure(config):
    from django.db.models.signals import post_migrate

    post_migrate.connect(_load_what_migrations_load, dispatch_uid="tests.load_what_migrations_load")


def _load_what_migrations_load(sender, app_config, using, **kwargs) -> None:
    """A transactional test ends by emptying every table, then Django sends ``post_migrate`` (as it does
    after ``flush``): put back what the migrations load into every real database, the green-industry
    catalogue (``investment/migrations/0002_load_catalogue``) and the places guests come from
    (``evaluation/migrations/0002_places``), so that whatever test runs next finds them (with
    `make test`'s parallel processes, any file may follow any other)."""
    import importlib

    from django.apps import apps

    if app_config.label == "investment":
        from ecoforum.investment.models import GreenIndustry

        if not GreenIndustry.objects.using(using).exists():
            importlib.import_module("ecoforum.investment.migrations.0002_load_catalogue").load(apps, None)
    elif app_config.label == "evaluation":
        from ecoforum.evaluation.models import Place

        if not Place.objects.using(using).exists():
            importlib.import_module("ecoforum.evaluation.migrations.0002_places").load_places(apps, None)


@pytest.fixture(autouse=True)
def _one_postgres_concurrency_test_at_a_time(request, tmp_path_factory):
    """Tests that prove a rule under many clients at once on PostgreSQL (``postgres`` and transactional)
    run one at a time across `make test`'s parallel processes: another process's clients would change
    what they measure (timeouts, connections), not what they prove."""
    marker = request.node.get_closest_marker("django_db")
    if "postgres" not in request.keywords or not (marker and marker.kwargs.get("transaction")):
        yield
        return
    import fcntl

    # The parent of a process's base temp folder is shared by every process of one run.
    with (tmp_path_factory.getbasetemp().parent / "postgres-concurrency.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def _sessions_in_the_database(settings):
    """Sessions in the database in every test, with or without REDIS_URL, so that the query counts the
    tests assert are the same on every machine (production caches them in Redis: ``cached_db``)."""
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    """Uploads, booklets and imports of a test land in a throw-away folder, never in ./var/media."""
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the product's default language, whatever the test before it did."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def english():
    """For tests that assert English messages."""
    from django.utils import translation

    with translation.override("en"):
        yield
