"""The demo edition: loaded once per test that asks for it, or once per module for modules that only read it.

A module that marks itself with ``pytestmark = pytest.mark.usefixtures("demo_once")`` gets the demo
loaded once, inside a transaction that stays open for the module and is rolled back at its end (what
Django's ``TestCase.setUpTestData`` does): each test runs in a savepoint of it, so a test that
changes the data (a second load, a moved session) leaves the next test the first load's state.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test.utils import override_settings

from ecoforum.demo.loader import load_demo
from ecoforum.forums.models import Edition

from ..factories import UserFactory

PASSWORD = "demo password for the tests"


@pytest.fixture(autouse=True)
def _a_slice_of_the_guests(settings):
    """The demo registers 3,000 invented guests; most tests of the loader need a slice (test_services takes all)."""
    settings.DEMO_GUEST_SHARE = 0.05
    settings.DEMO_RELEASE_FILES = False  # drawing the release PDFs takes seconds; test_releases draws them


@pytest.fixture
def demo_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker, tmp_path_factory):
    """The report of one load of the demo for the whole module, rolled back after its last test."""
    var = tmp_path_factory.mktemp("demo-var")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer._from_testcase = True  # the loader's durable blocks may nest here, as in a TestCase
        outer.__enter__()
        try:
            with override_settings(VAR_DIR=var, DEMO_GUEST_SHARE=0.05, DEMO_RELEASE_FILES=False):
                report = load_demo(password=PASSWORD)
            yield report
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(request, db, demo_var):
    """The report of a first load of the demo edition (shared by the module when it uses ``demo_once``)."""
    if "demo_once" in request.fixturenames:
        return request.getfixturevalue("demo_once")
    return load_demo(password=PASSWORD)


@pytest.fixture
def demo_edition(demo) -> Edition:
    return Edition.objects.get(slug="2023")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client
