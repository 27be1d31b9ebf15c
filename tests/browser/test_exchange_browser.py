"""What two participants click on the exchange platform: A lists themselves, B lists themselves and
asks A for contact, A accepts, and B then sees A's e-mail. Screenshots (desktop and phone) land in
``var/screenshots/exchange-*.png``."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from ..people.factories_thinktank import DirectoryEntryFactory, take_part
from ..services.factories import RegistrationFactory

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
def forum(transactional_db):
    edition = EditionFactory(year=2023)
    anna = PersonFactory(
        slug="anna",
        name_zh_hans="安娜·索伦森",
        name_en="Anna Sorensen",
        country="DK",
        email="anna@example.org",
        position_zh_hans="项目主任",
        position_en="Programme director",
        organization=OrganizationFactory(name_zh_hans="北欧绿色基金", name_en="Nordic Green Fund"),
        user=UserFactory(username="anna"),
    )
    bo = PersonFactory(
        slug="bo",
        name_zh_hans="王波",
        name_en="Wang Bo",
        country="CN",
        email="",
        position_zh_hans="副院长",
        position_en="Deputy director",
        organization=OrganizationFactory(name_zh_hans="贵州省生态研究院", name_en="Guizhou Ecology Institute"),
        user=UserFactory(username="bo"),
    )
    RegistrationFactory(edition=edition, person=anna, email="anna@example.org", phone="")
    RegistrationFactory(edition=edition, person=bo, email="bo@example.org", phone="+86 138 0851 0000")
    # Others already listed, so that the directory looks like one.
    for n, (zh, en, country) in enumerate(
        [("老挝自然资源部", "Lao Ministry of Natural Resources", "LA"), ("联合国开发计划署", "UNDP", "CH")]
    ):
        other = DirectoryEntryFactory(
            edition=edition,
            person__name_zh_hans=f"嘉宾{n}",
            person__name_en=f"Guest {n}",
            person__country=country,
            person__organization=OrganizationFactory(name_zh_hans=zh, name_en=en),
            headline_zh_hans="湄公河流域生态保护",
            headline_en="Mekong basin conservation",
            looking_for_zh_hans="地方政府合作",
            looking_for_en="Local government partners",
        )
        take_part(other.person, edition)
    return {"edition": edition, "anna": anna, "bo": bo}


def new_page(browser, viewport=DESKTOP, locale="zh-CN"):
    context = browser.new_context(viewport=viewport, locale=locale)
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


def list_me(page, *, headline_zh="", headline_en="", looking_zh="", looking_en=""):
    page.fill("input[name=headline_zh_hans]", headline_zh)
    page.fill("input[name=headline_en]", headline_en)
    page.fill("input[name=looking_for_zh_hans]", looking_zh)
    page.fill("input[name=looking_for_en]", looking_en)
    page.check("input[name=consent]")
    page.click("#entry-form button[type=submit]")


def test_two_participants_get_in_touch(chromium, live_server, forum):
    edition, anna = forum["edition"], forum["anna"]
    entry_url = reverse("directory:entry", kwargs={"edition": edition.slug})
    directory_url = reverse("directory:directory", kwargs={"edition": edition.slug})
    contacts_url = reverse("directory:contacts", kwargs={"edition": edition.slug})

    # A (Anna, desktop, English) lists herself.
    a = new_page(chromium, DESKTOP, locale="en-GB")
    log_in(a, live_server, "anna", entry_url)
    shoot(a, "exchange-entry-desktop")
    list_me(a, headline_en="Green finance for karst regions", looking_en="Project owners in Guizhou")
    a.wait_for_url(re.compile(re.escape(directory_url) + "$"))
    expect(a.locator("#directory-list")).to_contain_text("Anna Sorensen")

    # B (Wang Bo, phone, Chinese) lists himself and asks Anna for contact.
    b = new_page(chromium, PHONE)
    log_in(b, live_server, "bo", entry_url)
    list_me(b, headline_zh="石漠化治理", headline_en="Rocky desertification control", looking_zh="国际资金")
    b.wait_for_url(re.compile(re.escape(directory_url) + "$"))
    card = b.locator(f"#entry-{anna.directory_entries.get().pk}")
    expect(card).to_contain_text("项目主任")
    expect(card).not_to_contain_text("anna@example.org")
    card.locator("summary").click()
    card.locator("textarea[name=message]").fill("您好，想了解贵基金在喀斯特地区的项目。")
    shoot(b, "exchange-directory-phone")
    card.locator("button[type=submit]").click()
    b.wait_for_url(re.compile(re.escape(directory_url) + "$"))
    expect(b.locator(f"#entry-{anna.directory_entries.get().pk}")).not_to_contain_text("anna@example.org")
    b.goto(f"{live_server.url}{contacts_url}")
    expect(b.locator("#contact-list")).not_to_contain_text("anna@example.org")

    # A sees the request in "my contacts" and accepts.
    a.goto(f"{live_server.url}{contacts_url}")
    expect(a.locator("#contact-list")).to_contain_text("Wang Bo")
    shoot(a, "exchange-contacts-request-desktop")
    a.click("#contact-list button[value=accept]")
    a.wait_for_url(re.compile(re.escape(contacts_url) + "$"))
    expect(a.locator("#contact-list")).to_contain_text("bo@example.org")
    expect(a.locator("#contact-list")).to_contain_text("+86 138 0851 0000")
    a.goto(f"{live_server.url}{directory_url}")
    shoot(a, "exchange-directory-desktop")

    # B now sees Anna's e-mail.
    b.goto(f"{live_server.url}{contacts_url}")
    expect(b.locator("#contact-list .ex-email")).to_have_text("anna@example.org")
    shoot(b, "exchange-contacts-phone")


def test_think_tank_pages_on_phone_and_desktop(chromium, live_server, forum):
    """Not part of the exchange, but its sibling: the registry, an expert's page and the back office."""
    from ecoforum.forums.enums import CommitteeRole
    from ecoforum.people import services

    from ..factories import CommitteeMemberFactory, ExpertProfileFactory, SessionFactory, SessionPersonFactory
    from ..people.factories_thinktank import AdvisoryInputFactory, ExpertFieldFactory

    edition = forum["edition"]
    organizer = UserFactory(username="organizer")
    CommitteeMemberFactory(edition=edition, user=organizer, role=CommitteeRole.ORGANIZER)
    karst = ExpertFieldFactory(name_zh_hans="喀斯特生态", name_en="Karst ecology")
    names = [("王林", "Wang Lin", "cae"), ("陈华", "Chen Hua", "cas"), ("李梅", "Li Mei", "")]
    for zh, en, academy in names:
        profile = ExpertProfileFactory(person__name_zh_hans=zh, person__name_en=en, academy=academy)
        profile.fields.add(karst)
        invitation = services.invite_person(edition, profile.person, actor=organizer, role="expert")
        if academy:
            services.respond_to_invitation(invitation, accept=academy == "cae")
    wang = profile.__class__.objects.get(person__name_en="Wang Lin").person
    SessionPersonFactory(
        session=SessionFactory(edition=edition, title_zh_hans="开幕式", title_en="Opening"), person=wang
    )
    AdvisoryInputFactory(person=wang, edition=edition, status="adopted", title_zh_hans="邀请澜湄国家地方政府参会")

    page = new_page(chromium, PHONE)
    page.goto(f"{live_server.url}{reverse('thinktank:experts')}")
    expect(page.locator("#expert-list")).to_contain_text("王林")
    shoot(page, "thinktank-registry-phone")
    page.goto(f"{live_server.url}{reverse('thinktank:expert', kwargs={'slug': wang.slug})}")
    expect(page.locator("#editions")).to_contain_text("开幕式")
    shoot(page, "thinktank-expert-phone")

    desk = new_page(chromium, DESKTOP, locale="en-GB")
    target = reverse("manage_people:thinktank", kwargs={"edition_slug": edition.slug})
    log_in(desk, live_server, "organizer", target)
    expect(desk.locator("[data-count=invited]")).to_have_text("5")  # three experts and the two guests of the fixture
    shoot(desk, "thinktank-invitations-desktop")
