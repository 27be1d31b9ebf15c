"""What a visitor clicks: the program in Chinese, English, a star, my agenda and its calendar feed.

Playwright's sync API drives Debian's Chromium (never a downloaded browser)
against pytest-django's live server. Screenshots of the main pages land in
``var/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, reverse

from .forum_data import build_forum

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls are fine.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
icalendar = pytest.importorskip("icalendar")


@pytest.fixture
def browser(chromium):
    return chromium


@pytest.fixture
def forum(transactional_db, settings):
    return build_forum()


def new_page(browser, viewport=DESKTOP):
    # A visitor from China: the browser asks for Chinese, as most of the forum's visitors do.
    context = browser.new_context(viewport=viewport, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_program_language_star_agenda_and_feed(browser, live_server, forum):
    sessions = forum.sessions
    page = new_page(browser)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # The program opens in Chinese.
    page.goto(f"{live_server.url}/2023/program/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.get_by_role("link", name="开幕式暨主旨演讲")).to_be_visible()

    # Filtering swaps the list with htmx and pushes a clean address.
    page.locator("select[name=kind]").select_option("dialogue")
    expect(page.locator("#program-list .slot-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/2023/program/\?day=2023-07-08&kind=dialogue$"))
    page.locator("select[name=kind]").select_option("")
    expect(page.locator("#program-list .slot-card")).to_have_count(7)
    page.locator("input[name=q]").fill("石漠化")
    expect(page.locator("#program-list .slot-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/2023/program/\?day=2023-07-08&q=%E7%9F%B3%E6%BC%A0%E5%8C%96$"))
    page.locator("input[name=q]").fill("")
    expect(page.locator("#program-list .slot-card")).to_have_count(7)

    # Switch to English with the language switch.
    page.locator(".langswitch button[data-lang=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("link", name="Opening ceremony and keynote speeches")).to_be_visible()

    # Star the high-level dialogue.
    starred = sessions["HLD"]
    star = page.locator(f"#session-{starred.pk} button.star")
    expect(star).to_have_attribute("aria-pressed", "false")
    star.click()
    expect(page.locator(f"#session-{starred.pk} button.star")).to_have_attribute("aria-pressed", "true")

    # My agenda lists it, with the private calendar address.
    page.locator(".mainnav").get_by_role("link", name="My agenda").click()
    page.wait_for_url(re.compile(r"/2023/agenda/$"))
    expect(page.locator(".slot-card")).to_have_count(1)
    expect(page.locator(".slot-title")).to_have_text(starred.title_en)
    feed_url = page.locator("#feed-url").input_value()
    assert re.fullmatch(rf"{re.escape(live_server.url)}/2023/agenda/[\w-]+\.ics", feed_url)
    assert errors == []

    try:
        reverse("program_exports:agenda_ics", kwargs={"edition": "2023", "token": "x"})
    except NoReverseMatch:
        pytest.skip("the agenda feed (program_exports:agenda_ics) is not wired in yet")
    response = page.request.get(feed_url)
    assert response.status == 200
    calendar = icalendar.Calendar.from_ical(response.body())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    slot = starred.slots.filter(release__version="1.1").get()
    assert events[0].decoded("DTSTART") == slot.start
    assert str(events[0]["SUMMARY"]) in {starred.title_zh_hans, starred.title_en}


@pytest.mark.parametrize(("name", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_of_the_main_pages(browser, live_server, forum, name, viewport):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(browser, viewport)
    session = forum.sessions["TF06"]
    pages = {
        "home": "/2023/",
        "program": "/2023/program/",
        "session": f"/2023/sessions/{session.pk}/",
        "experts": "/2023/experts/",
        "changes": "/2023/program/changes/",
    }
    for page_name, path in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200
        page.wait_for_load_state("networkidle")
        target = SCREENSHOTS / f"{page_name}-{name}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
