"""What a gate does: the guest's badge PDF shows the Chinese name; the scanner page checks a badge in once,
refuses the second scan, and keeps scanning offline, then syncs without losing or doubling a scan.

Playwright's sync API drives Debian's Chromium against pytest-django's live server. The badge
(rendered to PNG) and the scanner on a phone, online and offline, land in ``var/screenshots/``.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from ecoforum.forums.enums import CommitteeRole
from ecoforum.services import badges
from ecoforum.services.models import CheckIn, Scan

from ..factories import CommitteeMemberFactory, EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from ..services.factories import GateFactory, GuestCategoryFactory, RegistrationFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
pdfium = pytest.importorskip("pypdfium2")
expect = sync_api.expect


@pytest.fixture
def gate_day(transactional_db):
    """An edition running today, two gates, two approved guests with Chinese names, and a gate steward."""
    today = timezone.localdate(timezone=dt.timezone(dt.timedelta(hours=8)))
    edition = EditionFactory(year=today.year, start_date=today, end_date=today + dt.timedelta(days=1), is_public=True)
    GateFactory(edition=edition, code="east", name_zh_hans="东门", name_en="East gate", order=1)
    GateFactory(edition=edition, code="west", name_zh_hans="西门", name_en="West gate", order=2)
    speakers = GuestCategoryFactory(
        edition=edition, code="speakers", name_zh_hans="演讲嘉宾", name_en="Speakers", color="#b3261e"
    )
    academy = OrganizationFactory(name_zh_hans="中国科学院", name_en="Chinese Academy of Sciences")
    wang = RegistrationFactory(
        edition=edition,
        form__category=speakers,
        person=PersonFactory(name_zh_hans="王小明", name_en="Wang Xiaoming", organization=academy),
    )
    li = RegistrationFactory(
        edition=edition, form__category=speakers, person=PersonFactory(name_zh_hans="李华", name_en="Li Hua")
    )
    steward = UserFactory(username="gate-east")
    CommitteeMemberFactory(edition=edition, user=steward, role=CommitteeRole.GATE_STAFF)
    return {"edition": edition, "wang": wang, "li": li, "steward": steward}


def _scan(page, token: str) -> None:
    field = page.locator("#scanner-input")
    field.fill(token)
    field.press("Enter")


def test_badge_then_scanner_online_offline_and_back(chromium, live_server, gate_day):
    edition, wang, li = gate_day["edition"], gate_day["wang"], gate_day["li"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # The guest downloads their badge by their private link: the Chinese name is drawn on it.
    badge_url = reverse("services:badge", kwargs={"edition": edition.slug, "token": wang.token})
    response = page.request.get(f"{live_server.url}{badge_url}")
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    document = pdfium.PdfDocument(io.BytesIO(response.body()))
    badge_page = document[0]
    text = "".join(badge_page.get_textpage().get_text_range().split())
    assert "王小明" in text and "WangXiaoming" in text
    image = badge_page.render(scale=3).to_pil()
    image.save(SCREENSHOTS / "checkin-badge.png")
    name_area = image.convert("L").crop(
        (int(0.1 * image.width), int(0.16 * image.height), int(0.9 * image.width), int(0.3 * image.height))
    )
    assert sum(name_area.histogram()[:100]) > 4000  # the large name is drawn, not a blank band

    # The gate steward logs in and opens the scanner on a phone.
    scan_url = reverse("manage_services:scan", kwargs={"edition_slug": edition.slug})
    page.goto(f"{live_server.url}{reverse('login')}?next={scan_url}")
    page.locator("input[name=username]").fill("gate-east")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{scan_url}")
    page.locator("#scanner-gate").select_option("east")
    result = page.locator("#scan-result")

    # First scan: admitted, with the name. Second: a repeat naming the gate and the time.
    _scan(page, badges.badge_token(wang))
    expect(result).to_have_attribute("data-result", "admitted")
    expect(page.locator("#scan-result-name")).to_contain_text("王小明")
    page.screenshot(path=str(SCREENSHOTS / "checkin-scanner-admitted.png"), full_page=True)
    _scan(page, badges.badge_token(wang))
    expect(result).to_have_attribute("data-result", "repeat")
    first = timezone.localtime(CheckIn.objects.get(registration=wang).scanned_at, edition.tz).strftime("%H:%M")
    expect(page.locator("#scan-result-detail")).to_contain_text(f"{first}")
    expect(page.locator("#scan-result-detail")).to_contain_text("东门")
    page.screenshot(path=str(SCREENSHOTS / "checkin-scanner-repeat.png"), full_page=True)

    # The network drops: scans are kept and answered provisionally.
    context.set_offline(True)
    expect(page.locator("#scanner-net")).to_have_attribute("data-state", "offline")
    _scan(page, badges.badge_token(li))
    expect(result).to_have_attribute("data-result", "waiting")
    _scan(page, badges.badge_token(wang))
    expect(result).to_have_attribute("data-result", "seen_here")
    expect(page.locator("#scanner-pending")).to_be_visible()
    expect(page.locator('#scan-list li[data-state="waiting"]')).to_have_count(2)
    page.screenshot(path=str(SCREENSHOTS / "checkin-scanner-offline.png"), full_page=True)
    assert CheckIn.objects.filter(registration=li).count() == 0

    # Back online: the queue goes out in order; the server's answers replace the provisional ones.
    context.set_offline(False)
    expect(page.locator('#scan-list li[data-state="waiting"]')).to_have_count(0)
    expect(result).to_have_attribute("data-result", "repeat")
    expect(page.locator("#scanner-pending")).to_be_hidden()
    results = page.locator("#scan-list li").evaluate_all("items => items.map(li => li.dataset.result)")
    assert results == ["repeat", "admitted", "repeat", "admitted"]  # newest first
    page.screenshot(path=str(SCREENSHOTS / "checkin-scanner-synced.png"), full_page=True)

    # Exactly one check-in per badge; four scans, none sent twice, also after a reload.
    page.reload()
    expect(page.locator("#scan-list li")).to_have_count(4)
    page.wait_for_timeout(500)
    assert sorted(CheckIn.objects.values_list("registration__person__name_zh_hans", flat=True)) == ["李华", "王小明"]
    assert Scan.objects.count() == 4
    assert errors == []

    # The live counts, on a desktop.
    desk = chromium.new_context(viewport=DESKTOP, locale="zh-CN")
    desk.add_cookies(context.cookies())
    counts = desk.new_page()
    counts.goto(f"{live_server.url}{reverse('manage_services:checkins', kwargs={'edition_slug': edition.slug})}")
    expect(counts.locator("#count-today")).to_have_text("2")
    expect(counts.locator("#gate-east td.num").first).to_have_text("2")
    counts.screenshot(path=str(SCREENSHOTS / "checkin-counts.png"), full_page=True)
    desk.close()
    context.close()


def test_guest_services_print_a_batch_of_badges(chromium, live_server, gate_day):
    edition = gate_day["edition"]
    officer = UserFactory(username="guest-desk")
    CommitteeMemberFactory(edition=edition, user=officer, role=CommitteeRole.GUEST_SERVICES)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    badges_url = reverse("manage_services:badges", kwargs={"edition_slug": edition.slug})
    page.goto(f"{live_server.url}{reverse('login')}?next={badges_url}")
    page.locator("input[name=username]").fill("guest-desk")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_url(f"**{badges_url}")

    page.get_by_label("演讲嘉宾").check()
    page.locator("input[name=layout][value=a4]").check()
    page.screenshot(path=str(SCREENSHOTS / "badges-batch-form.png"), full_page=True)
    page.locator("#badge-batch button[type=submit]").click()

    # The job's page: the PDF was made in the background; its link downloads one A4 sheet with both badges.
    link = page.locator("a[download]")
    expect(link).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "badges-batch-job.png"), full_page=True)
    with page.expect_download() as download_info:
        link.click()
    document = pdfium.PdfDocument(download_info.value.path())
    assert len(document) == 1
    text = "".join(document[0].get_textpage().get_text_range().split())
    assert "王小明" in text and "李华" in text

    # The live counts on a phone.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}{reverse('manage_services:checkins', kwargs={'edition_slug': edition.slug})}")
    expect(page.locator("#count-today")).to_have_text("0")
    page.screenshot(path=str(SCREENSHOTS / "checkin-counts-phone.png"), full_page=True)
    context.close()
