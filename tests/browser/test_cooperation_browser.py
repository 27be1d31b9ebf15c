"""What the cooperation desk clicks: an organizer issues an invitation letter, opens the verification
address the PDF's QR code holds and sees "Valid"; revokes it and sees "Revoked". Screenshots (desktop
and phone) land in ``var/screenshots/``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from ecoforum.forums.enums import CommitteeRole

from ..cooperation.factories import AgreementFactory, DelegationFactory, PartnerFactory
from ..cooperation.helpers import PASSPORT, passport_guest
from ..factories import CommitteeMemberFactory, EditionFactory, UserFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def desk(transactional_db):
    import datetime as dt

    edition = EditionFactory(year=2023)
    organizer = UserFactory(username="organizer")
    CommitteeMemberFactory(edition=edition, user=organizer, role=CommitteeRole.ORGANIZER)
    registration = passport_guest(edition)
    DelegationFactory(edition=edition)
    AgreementFactory(status="signed", signed_on=dt.date(2023, 7, 8), partners=[PartnerFactory(), PartnerFactory()])
    return edition, organizer, registration


def _page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="en-US", accept_downloads=True)
    context.set_default_timeout(15000)
    return context.new_page()


def _login(page, live_server, target):
    page.goto(f"{live_server.url}{reverse('login')}?next={target}")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")


def test_organizer_issues_a_letter_verifies_it_and_revokes_it(chromium, live_server, desk, settings):
    settings.SITE_URL = live_server.url
    edition, _organizer, registration = desk
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = _page(chromium)
    letters_url = reverse("manage_cooperation:letters", kwargs={"edition_slug": edition.slug})
    _login(page, live_server, letters_url)
    page.wait_for_url(f"**{letters_url}")
    page.select_option("#id_registration", str(registration.pk))
    page.click("#issue-letter button[type=submit]")
    expect(page.locator(".coop-number").first).to_have_text("EFGG-2023-0001")
    page.screenshot(path=str(SCREENSHOTS / "coop-letters-desktop.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("text=Download the PDF")
    pdf_path = download_info.value.path()
    text = pdfium.PdfDocument(pdf_path)[0].get_textpage().get_text_range()
    flat = re.sub(r"\s+", "", text)
    found = re.search(re.escape(live_server.url) + r"/letters/[-\w]+/", flat)
    assert found is not None
    verify_url = found.group(0)

    check = _page(chromium, PHONE)
    check.goto(verify_url)
    expect(check.locator("#verdict")).to_have_text("Valid")
    assert PASSPORT not in check.content()
    check.screenshot(path=str(SCREENSHOTS / "coop-verify-valid-phone.png"), full_page=True)

    page.fill("input[name=reason]", "Visa refused")
    page.click(".coop-revoke button[type=submit]")
    expect(page.locator(".coop-letter .badge").first).to_have_text("Revoked")
    check.goto(verify_url)
    expect(check.locator("#verdict")).to_have_text("Revoked")
    check.screenshot(path=str(SCREENSHOTS / "coop-verify-revoked-phone.png"), full_page=True)

    overview = _page(chromium, PHONE)
    _login(overview, live_server, reverse("manage_cooperation:overview", kwargs={"edition_slug": edition.slug}))
    expect(overview.locator("h1")).to_have_text("Delegations")
    overview.screenshot(path=str(SCREENSHOTS / "coop-delegations-phone.png"), full_page=True)
    overview.goto(f"{live_server.url}{reverse('cooperation:partners', kwargs={'edition': edition.slug})}")
    overview.screenshot(path=str(SCREENSHOTS / "coop-partners-phone.png"), full_page=True)
