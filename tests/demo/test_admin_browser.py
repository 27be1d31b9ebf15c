"""The back office in a browser: the language tabs work with the served script, and nothing comes from a CDN."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ecoforum.program import services

from ..conftest import at
from ..factories import UserFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def browser(chromium):
    return chromium


def test_session_form_shows_language_tabs_without_a_cdn(browser, live_server, transactional_db, settings):
    from ..factories import EditionFactory, RoomFactory, VenueFactory

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    edition = EditionFactory(year=2023)
    room = RoomFactory(venue=VenueFactory(edition=edition))
    session = services.create_session(
        edition,
        actor=None,
        code="TF01-1",
        title_zh_hans="主旨演讲",
        title_en="Keynote speeches",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10),
    )
    UserFactory(username="organizer", is_staff=True, is_superuser=True)

    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    missing: list[str] = []
    foreign: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # The admin has no favicon link, so browsers ask for /favicon.ico; every other asset must load.
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 and "favicon" not in r.url else None)
    page.on("request", lambda req: foreign.append(req.url) if not req.url.startswith(live_server.url) else None)

    page.goto(f"{live_server.url}/manage/admin/login/?next=/manage/admin/program/session/{session.pk}/change/")
    page.fill("#id_username", "organizer")
    page.fill("#id_password", "correct horse battery staple")
    page.click("input[type=submit]")
    expect(page.locator("#id_title_zh_hans")).to_be_visible()

    # The Chinese tab is open, the English one hidden until its tab is clicked.
    expect(page.locator(".ui-tabs-nav").first).to_be_visible()
    expect(page.locator("#id_title_en")).to_be_hidden()
    page.locator(".ui-tabs-nav a[href='#tab_id_title_en']").click()
    expect(page.locator("#id_title_en")).to_be_visible()
    expect(page.locator("#id_title_en")).to_have_value("Keynote speeches")
    expect(page.locator("#id_title_zh_hans")).to_be_hidden()
    # The switch beside the heading turns every group to the chosen language.
    page.select_option("#modeltranslation-main-switch", index=0)
    expect(page.locator("#id_title_zh_hans")).to_be_visible()
    expect(page.locator("#id_abstract_zh_hans")).to_be_visible()

    assert (errors, missing, foreign) == ([], [], [])
