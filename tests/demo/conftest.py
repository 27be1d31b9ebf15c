"""The demo edition, loaded once per test that asks for it."""

from __future__ import annotations

import pytest

from ecoforum.demo.loader import load_demo
from ecoforum.forums.models import Edition

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


@pytest.fixture
def demo(db, demo_var):
    """The report of a first load of the demo edition."""
    return load_demo(password=PASSWORD)


@pytest.fixture
def demo_edition(demo) -> Edition:
    return Edition.objects.get(slug="2023")
