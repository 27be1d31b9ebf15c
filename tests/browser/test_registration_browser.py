"""What guests click to register: a guest in English, a journalist in Chinese, on a phone.

Playwright's sync API drives Debian's Chromium (never a downloaded browser) against
pytest-django's live server. Screenshots land in ``var/screenshots/`` for a human to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.utils import translation

from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import Registration

from ..factories import EditionFactory
from ..services.factories import GuestCategoryFactory, RegistrationFormFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def forms(transactional_db):
    edition = EditionFactory(year=2023)
    guests = GuestCategoryFactory(
        edition=edition, code="guests", name_zh_hans="嘉宾", name_en="Guests", needs_approval=False, capacity=300
    )
    media = GuestCategoryFactory(
        edition=edition, code="media", name_zh_hans="媒体", name_en="Media", needs_approval=True, capacity=80
    )
    return {
        "guests": RegistrationFormFactory(
            edition=edition,
            category=guests,
            slug="guests",
            title_zh_hans="嘉宾报名",
            title_en="Guest registration",
            order=1,
        ),
        "media": RegistrationFormFactory(
            edition=edition,
            category=media,
            slug="media",
            title_zh_hans="媒体记者报名",
            title_en="Media registration",
            intro_zh_hans="请如实填写，审核结果将通过邮件通知。",
            intro_en="Your registration is reviewed; we tell you by mail.",
            order=2,
        ),
    }


def new_page(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", device_scale_factor=1)
    context.set_default_timeout(15_000)
    return context.new_page()


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"registration-{name}.png"), full_page=True)


def status_label(status: str, language: str) -> str:
    with translation.override(language):
        return str(RegistrationStatus(status).label)


def test_a_guest_registers_in_english_with_a_passport(chromium, live_server, forms):
    page = new_page(chromium)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}/2023/register/")
    page.locator(".langswitch button[data-lang=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("#form-guests")).to_contain_text("300 places left")
    shot(page, "index-en-phone")

    page.locator("#form-guests a.button").click()
    page.wait_for_url(re.compile(r"/2023/register/guests/$"))
    page.fill("input[name=name_en]", "Marie DUPONT")
    page.fill("input[name=email]", "marie.dupont@example.fr")
    page.fill("input[name=phone]", "+33 6 12 34 56 78")
    page.fill("input[name=organization]", "Université de Lyon")
    page.fill("input[name=country]", "FR")
    page.select_option("select[name=document_type]", "passport")
    page.fill("input[name=document_number]", "18AB12345")
    page.fill("input[name=nationality]", "FR")
    page.fill("input[name=date_of_birth]", "1985-03-14")
    page.select_option("select[name=diet]", "vegetarian")
    expect(page.locator("select[name=language]")).to_have_value("en")
    shot(page, "form-en-phone")
    page.locator("button[name=send]").click()

    page.wait_for_url(re.compile(r"/2023/registration/[\w-]+/$"))
    registration = Registration.objects.get(email="marie.dupont@example.fr")
    assert page.url.endswith(f"/2023/registration/{registration.token}/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("#reg-status")).to_have_text("Approved")
    expect(page.locator(".reg-reference")).to_have_text(registration.reference)
    expect(page.get_by_role("link", name="My badge")).to_be_visible()
    assert "18AB12345" not in page.content()
    assert (registration.language, registration.diet, registration.document_number) == ("en", "vegetarian", "18AB12345")
    shot(page, "guest-en-phone")
    page.set_viewport_size({"width": 1440, "height": 900})
    shot(page, "guest-en-desktop")
    page.goto(f"{live_server.url}/2023/register/media/")
    shot(page, "form-en-desktop")
    assert errors == []


def test_a_journalist_registers_in_chinese_with_an_id_card(chromium, live_server, forms):
    page = new_page(chromium)

    page.goto(f"{live_server.url}/2023/register/media/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.locator("h1")).to_have_text("媒体记者报名")
    page.fill("input[name=name_zh]", "陈晓雨")
    page.fill("input[name=name_en]", "CHEN Xiaoyu")
    page.fill("input[name=email]", "chen.xiaoyu@gzdaily.cn")
    page.fill("input[name=phone]", "+86 139 8500 1234")
    page.fill("input[name=organization]", "贵州日报")
    page.fill("input[name=position]", "记者")
    page.select_option("select[name=document_type]", "id_card")
    page.fill("input[name=document_number]", "520102199203154321")
    expect(page.locator("select[name=language]")).to_have_value("zh-hans")
    shot(page, "form-zh-phone")
    page.locator("button[name=send]").click()

    page.wait_for_url(re.compile(r"/2023/registration/[\w-]+/$"))
    registration = Registration.objects.get(email="chen.xiaoyu@gzdaily.cn")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    expect(page.locator("#reg-status")).to_have_text(status_label(RegistrationStatus.PENDING, "zh-hans"))
    expect(page.locator("h1")).to_contain_text("陈晓雨")
    expect(page.locator(".page-head .eyebrow")).to_contain_text("媒体")
    assert page.get_by_role("link", name="My badge").count() == 0
    assert "520102199203154321" not in page.content()
    assert (registration.language, registration.status) == ("zh-hans", RegistrationStatus.PENDING)
    shot(page, "guest-zh-phone")

    # Cancelling asks first.
    page.locator(f"a[href$='/registration/{registration.token}/cancel/']").click()
    page.wait_for_url(re.compile(r"/cancel/$"))
    shot(page, "cancel-zh-phone")
    page.locator("button[name=confirm]").click()
    page.wait_for_url(re.compile(rf"/registration/{registration.token}/$"))
    expect(page.locator("#reg-status")).to_have_text(status_label(RegistrationStatus.CANCELLED, "zh-hans"))
