"""What the guest-services desk clicks: the registrations list, a pending one approved from its page; what
read-only staff see (identity redacted). Screenshots (desktop and phone) land in ``var/screenshots/``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from ecoforum.forums.enums import CommitteeRole
from ecoforum.services.enums import RegistrationStatus

from ..factories import CommitteeMemberFactory, EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from ..services.factories import GuestCategoryFactory, RegistrationFactory, RegistrationFormFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "correct horse battery staple"
PASSPORT = "E12345678"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def desk(transactional_db):
    edition = EditionFactory(year=2023)
    organizer = UserFactory(username="organizer")
    CommitteeMemberFactory(edition=edition, user=organizer, role=CommitteeRole.ORGANIZER)
    staff = UserFactory(username="staff")
    CommitteeMemberFactory(edition=edition, user=staff, role=CommitteeRole.STAFF)
    guests = GuestCategoryFactory(edition=edition, code="guests", name_zh_hans="嘉宾", name_en="Guests", capacity=40)
    media = GuestCategoryFactory(
        edition=edition, code="media", name_zh_hans="媒体", name_en="Media", capacity=6, color="#1d5a9e"
    )
    guest_form = RegistrationFormFactory(
        edition=edition, category=guests, slug="guests", title_zh_hans="嘉宾报名", title_en="Guests"
    )
    media_form = RegistrationFormFactory(
        edition=edition, category=media, slug="media", title_zh_hans="媒体报名", title_en="Media"
    )
    unep = OrganizationFactory(name="联合国环境规划署", name_zh_hans="联合国环境规划署", name_en="UNEP")
    xinhua = OrganizationFactory(name="新华社", name_zh_hans="新华社", name_en="Xinhua")
    pending = RegistrationFactory(
        edition=edition,
        form=guest_form,
        status=RegistrationStatus.PENDING,
        person=PersonFactory(name="阿米娜", name_zh_hans="阿米娜", name_en="Amina Odhiambo", organization=unep),
        document_type="passport",
        document_number=PASSPORT,
        nationality="KE",
        date_of_birth="1980-05-17",
    )
    names = [("王小明", "Wang Xiaoming"), ("李华", "Li Hua"), ("陈静", "Chen Jing"), ("张伟", "Zhang Wei")]
    for i, (zh, en) in enumerate(names):
        RegistrationFactory(
            edition=edition,
            form=media_form if i % 2 else guest_form,
            status=[RegistrationStatus.APPROVED, RegistrationStatus.PENDING][i % 2],
            person=PersonFactory(name=zh, name_zh_hans=zh, name_en=en, organization=xinhua),
        )
    for _ in range(2):
        RegistrationFactory(edition=edition, form=media_form, status=RegistrationStatus.WAITLISTED)
    return {"edition": edition, "pending": pending}


def new_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(15_000)
    return context.new_page()


def log_in(page, live_server, username, target):
    page.goto(f"{live_server.url}{reverse('login')}?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(re.escape(target)))


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_organizer_filters_pending_and_approves_one(chromium, live_server, desk):
    edition, pending = desk["edition"], desk["pending"]
    overview = reverse("manage_services:overview", kwargs={"edition_slug": edition.slug})
    listing = reverse("manage_services:registrations", kwargs={"edition_slug": edition.slug})
    page = new_page(chromium)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "organizer", overview)
    shoot(page, "guest-desk-overview-desktop")

    page.goto(f"{live_server.url}{listing}")
    page.select_option("select[name=status]", "pending")  # the list follows at once (htmx) and the URL too
    page.wait_for_url(re.compile(r"status=pending"))
    rows = page.locator("table.registrations tbody tr")
    expect(rows).to_have_count(3)
    page.check("[data-select-all]")
    expect(page.locator("input[name=reference]:checked")).to_have_count(3)
    page.uncheck("[data-select-all]")
    expect(page.locator("input[name=reference]:checked")).to_have_count(0)
    shoot(page, "guest-desk-registrations-desktop")

    page.click(f"text={pending.reference}")
    with translation.override("zh-hans"):
        pending_label, approved_label = str(RegistrationStatus.PENDING.label), str(RegistrationStatus.APPROVED.label)
    expect(page.locator("#registration-status")).to_have_text(pending_label)
    expect(page.locator("#identity")).not_to_contain_text(PASSPORT)
    page.click("#approve")
    expect(page.locator("#registration-status")).to_have_text(approved_label)
    expect(page.locator(".message")).to_contain_text(pending.reference)
    shoot(page, "guest-desk-registration-desktop")

    page.click("#identity a.button")
    expect(page.locator("#identity")).to_contain_text(PASSPORT)
    page.set_viewport_size(PHONE)
    shoot(page, "guest-desk-registration-phone")
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.APPROVED
    assert errors == []


def test_read_only_staff_sees_identity_redacted_on_a_phone(chromium, live_server, desk):
    edition, pending = desk["edition"], desk["pending"]
    detail = reverse(
        "manage_services:registration", kwargs={"edition_slug": edition.slug, "reference": pending.reference}
    )
    page = new_page(chromium, PHONE)
    log_in(page, live_server, "staff", detail)
    identity = page.locator("#identity")
    expect(identity).to_contain_text("•••••••78")
    expect(identity).not_to_contain_text(PASSPORT)
    expect(page.locator("#approve")).to_have_count(0)
    shoot(page, "guest-desk-registration-staff-phone")

    page.goto(f"{live_server.url}{reverse('manage_services:registrations', kwargs={'edition_slug': edition.slug})}")
    expect(page.locator("table.registrations tbody tr")).to_have_count(7)
    shoot(page, "guest-desk-registrations-phone")
    page.goto(f"{live_server.url}{reverse('manage_services:overview', kwargs={'edition_slug': edition.slug})}")
    shoot(page, "guest-desk-overview-phone")
