"""The read replica for public pages (DATABASE_REPLICA_URL): which requests read from it, which from the
primary, what a visitor sees after their own form, a replica that cannot be reached, and nothing at all
changed when there is no replica."""

from __future__ import annotations

import copy
import logging

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.core import db_router
from ecoforum.core.db_router import DEFAULT, REPLICA, ReplicaRouter, replica_reads
from ecoforum.core.middleware import PRIMARY_COOKIE, may_read_from_replica
from ecoforum.forums.models import Edition

from ..factories import EditionFactory
from .test_task_queue_redis import settings_with

router = ReplicaRouter()


def replica_settings(**changes) -> dict:
    """A ``replica`` database as DATABASE_REPLICA_URL makes one: here the primary's test database itself
    (what the settings' ``TEST = {"MIRROR": "default"}`` gives), through a connection of its own."""
    alias = copy.deepcopy(connections[DEFAULT].settings_dict)
    alias["TEST"] = {**alias.get("TEST", {}), "MIRROR": DEFAULT}
    alias.update(changes)
    return alias


def drop_replica_connection() -> None:
    if hasattr(connections._connections, REPLICA):
        connections[REPLICA].close()
        del connections[REPLICA]


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    """The replica for this module's tests that ask for it. Module-wide, so that it exists before a test's
    database is set up and a test can name it (``django_db(databases=BOTH)``); tests without it use
    :func:`no_replica`."""
    configured = connections.settings.get(REPLICA)  # a run with DATABASE_REPLICA_URL set
    with django_db_blocker.unblock():
        drop_replica_connection()
    connections.settings[REPLICA] = replica_settings()  # the very dict settings.DATABASES is
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            drop_replica_connection()
        connections.settings.pop(REPLICA, None)
        if configured is not None:
            connections.settings[REPLICA] = configured


@pytest.fixture
def no_replica():
    """No replica for this test, even after a test that had one."""
    saved = connections.settings.pop(REPLICA, None)
    drop_replica_connection()
    try:
        yield
    finally:
        if saved is not None:
            connections.settings[REPLICA] = saved


@pytest.fixture
def unreachable_replica(replica, django_db_blocker):
    """The replica's address refuses connections (the replica is down)."""
    saved = connections.settings[REPLICA]
    with django_db_blocker.unblock():
        drop_replica_connection()
        connections.settings[REPLICA] = {**saved, "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 1}}
        try:
            yield
        finally:
            drop_replica_connection()
            connections.settings[REPLICA] = saved


@pytest.fixture(autouse=True)
def _replica_outage_forgotten():
    db_router.forget_replica_outage()
    yield
    db_router.forget_replica_outage()


BOTH = [DEFAULT, REPLICA]


# --- the router -------------------------------------------------------------------------------------


def test_router_reads_public_pages_from_the_replica(replica):
    with replica_reads():
        decided = (router.db_for_read(Edition), router.db_for_read(User))

    assert decided == (REPLICA, REPLICA)


def test_router_reads_from_the_primary_outside_a_public_page(replica):
    assert router.db_for_read(Edition) == DEFAULT


def test_router_reads_sessions_from_the_primary_even_on_public_pages(replica):
    with replica_reads():
        assert router.db_for_read(Session) == DEFAULT


def test_router_reads_the_rest_of_a_request_after_a_write_from_the_primary(replica):
    with replica_reads() as reads:
        before = router.db_for_read(Edition)
        written = router.db_for_write(Edition)
        after = router.db_for_read(Edition)

    assert (before, written, after, reads.wrote) == (REPLICA, DEFAULT, DEFAULT, True)


def test_router_reads_inside_a_transaction_from_the_primary(replica, db):
    with transaction.atomic(), replica_reads():
        assert router.db_for_read(Edition) == DEFAULT


def test_router_writes_and_migrates_only_on_the_primary(replica):
    assert (
        router.db_for_write(Edition),
        router.allow_migrate(REPLICA, "forums"),
        router.allow_migrate(DEFAULT, "forums"),
        router.allow_relation(Edition(), Edition()),
    ) == (DEFAULT, False, None, True)


def test_router_without_replica_says_nothing(no_replica):
    with replica_reads():
        decided = (
            router.db_for_read(Edition),
            router.db_for_write(Edition),
            router.allow_relation(Edition(), Edition()),
            router.allow_migrate(DEFAULT, "forums"),
        )

    assert decided == (None, None, None, None)


# --- which requests may read from it ----------------------------------------------------------------


def request_to(path: str, method: str = "get", *, user=None, **extra):
    request = getattr(RequestFactory(), method)(path, **extra)
    request.user = user or AnonymousUser()
    return request


def test_anonymous_get_of_a_public_page_may_read_from_the_replica():
    assert (
        may_read_from_replica(request_to("/2023/program/")),
        may_read_from_replica(request_to("/2023/schedule.json", "head")),
    ) == (True, True)


@pytest.mark.parametrize(
    ("path", "method", "extra"),
    [
        ("/2023/program/", "post", {}),  # a form
        ("/manage/2023/", "get", {}),  # the back office
        ("/manage/admin/", "get", {}),
        ("/accounts/login/", "get", {}),
        ("/jobs/12/", "get", {}),
        ("/api/registrations/", "get", {"HTTP_AUTHORIZATION": "Bearer token"}),  # a machine with a token
        ("/2023/program/", "get", {"HTTP_COOKIE": f"{PRIMARY_COOKIE}=1"}),  # just sent a form
    ],
)
def test_request_reads_from_the_primary(path, method, extra):
    assert may_read_from_replica(request_to(path, method, **extra)) is False


def test_logged_in_user_reads_from_the_primary():
    assert may_read_from_replica(request_to("/2023/program/", user=User(username="li-ming"))) is False


# --- through the site -------------------------------------------------------------------------------


def edition_queries(captured: CaptureQueriesContext) -> int:
    return sum('"forums_edition"' in query["sql"] for query in captured.captured_queries)


@pytest.mark.django_db(transaction=True, databases=BOTH)
def test_anonymous_public_page_is_read_from_the_replica(replica, client):
    edition = EditionFactory(year=2023)
    url = reverse("forums:charter", kwargs={"edition": edition.slug})

    with CaptureQueriesContext(connections[DEFAULT]) as primary, CaptureQueriesContext(connections[REPLICA]) as read:
        response = client.get(url)

    assert response.status_code == 200
    assert (edition_queries(read), edition_queries(primary), PRIMARY_COOKIE in response.cookies) == (1, 0, False)


def test_form_pins_the_visitor_to_the_primary_for_a_few_seconds(replica, db, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    cookie = response.cookies[PRIMARY_COOKIE]
    assert (response.status_code, cookie.value, cookie["max-age"], cookie["httponly"]) == (302, "1", 10, True)


def test_form_without_replica_sets_no_cookie(no_replica, db, client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    assert (response.status_code, PRIMARY_COOKIE in response.cookies) == (302, False)


def test_unreachable_replica_is_given_up_for_a_while_and_said_once(unreachable_replica, caplog):
    with caplog.at_level(logging.WARNING, logger="ecoforum.core.db_router"):
        first, again = db_router.replica_usable(), db_router.replica_usable()
        warned = [record.getMessage().split(" (")[0] for record in caplog.records]
        db_router.forget_replica_outage()
        after_a_while = db_router.replica_usable()

    assert (first, again, after_a_while) == (False, False, False)
    assert warned == ["The read replica cannot be reached"]  # once, not on every request
    assert len(caplog.records) == 2  # tried again after the pause


def test_reachable_replica_is_used(replica, django_db_blocker):
    with django_db_blocker.unblock():
        assert db_router.replica_usable() is True


# --- settings ---------------------------------------------------------------------------------------


def test_settings_add_the_replica_from_its_url(monkeypatch, tmp_path):
    module = settings_with(
        monkeypatch,
        tmp_path,
        DATABASE_URL="postgres://ecoforum:secret@db.internal:5432/ecoforum",
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.internal:5432/ecoforum",
    )

    replica_settings = module.DATABASES[REPLICA]
    assert (
        replica_settings["HOST"],
        replica_settings["USER"],
        replica_settings["TEST"],
        replica_settings["OPTIONS"]["connect_timeout"],
        module.DATABASE_ROUTERS,
    ) == ("replica.internal", "reader", {"MIRROR": "default"}, 3, ["ecoforum.core.db_router.ReplicaRouter"])


def test_settings_without_replica_have_one_database(monkeypatch, tmp_path):
    module = settings_with(monkeypatch, tmp_path, DATABASE_URL="postgres://ecoforum:secret@db.internal:5432/ecoforum")

    assert list(module.DATABASES) == [DEFAULT]


def test_settings_of_the_test_suite_leave_the_replica_out(monkeypatch, tmp_path):
    module = settings_with(
        monkeypatch,
        tmp_path,
        DATABASE_REPLICA_URL="postgres://reader:secret@replica.internal:5432/ecoforum",
        ECOFORUM_TESTING="1",
    )

    assert list(module.DATABASES) == [DEFAULT]
