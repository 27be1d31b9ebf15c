"""Outcomes in the browser (the issue's done-when): an organizer logs in, opens the outcomes dashboard and sees the
red outcomes first, with their days late; filters the full list (the URL follows); a phone shows the same.
Screenshots: ``/tmp/outcomes-dashboard.png`` (desktop) and ``/tmp/outcomes-dashboard-phone.png``, and copies in
``var/screenshots/``."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from ecoforum.forums.enums import CommitteeRole
from ecoforum.outcomes import services
from ecoforum.outcomes.models import Stage

from ..conftest import CHROMIUM
from ..factories import CommitteeMemberFactory, EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from ..investment.factories import InvestmentProjectFactory, SigningFactory, SigningPartyFactory, entry
from ..outcomes.page_factories import TODAY, freeze

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
PASSWORD = "correct horse battery staple"
YI = Decimal(100_000_000)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

#: (project, industry, city, amount in 亿元, what happened after the signing)
PROJECTS = [
    ("乌当区100MW农光互补光伏电站", "3.2.2", "贵阳市", 30, "landed"),
    ("磷石膏综合利用产业园", "2.1.1", "福泉市", 25, "late"),
    ("锂电池正极材料一体化项目", "1.1.1", "贵安新区", 48, "started"),
    ("赤水河流域生态修复工程", "4.1.1", "遵义市", 12, "late"),
    ("装配式建筑部品部件基地", "5.1.1", "安顺市", 8, "planned"),
]


@pytest.fixture
def dashboard(transactional_db, monkeypatch):
    freeze(monkeypatch)
    edition = EditionFactory(year=2023)
    organizer = UserFactory(username="organizer")
    CommitteeMemberFactory(edition=edition, user=organizer, role=CommitteeRole.ORGANIZER)
    signed_at = dt.datetime(2023, 7, 8, 15, tzinfo=edition.tz)
    for n, (name, code, city, yi, _fate) in enumerate(PROJECTS, start=1):
        owner = OrganizationFactory(name_zh_hans=f"{name[:4]}投资有限公司", name_en=f"Owner {n}")
        project = InvestmentProjectFactory(
            edition=edition, code=f"GZ-{n:03d}", name_zh_hans=name, industry=entry(code), city=city, owner=owner
        )
        signing = SigningFactory(
            edition=edition, project=project, title_zh_hans=name, amount=yi * YI, signed_at=signed_at
        )
        SigningPartyFactory(signing=signing, organization=owner, role="owner")
    outcomes = services.follow_signings(edition, actor=None)
    reporter = UserFactory(username="unit")
    PersonFactory(user=reporter, organization=outcomes[1].responsible_unit, name_zh_hans="赵工")
    for outcome, (_name, _code, _city, yi, fate) in zip(outcomes, PROJECTS, strict=True):
        stages = {s.kind: s for s in outcome.stages.all()}
        for stage in stages.values():
            stage.outcome = outcome
        outcome.contacts.add(
            PersonFactory(name_zh_hans=f"联系人{outcome.code[-1]}", email=f"c{outcome.code[-1]}@example.org")
        )
        if fate in ("landed", "started"):
            services.record_stage(stages["started"], actor=None, actual_on=dt.date(2023, 10, 20))
        if fate == "landed":
            services.record_stage(stages["in_production"], actor=None, actual_on=dt.date(2024, 5, 10))
            services.record_stage(
                stages["funds_in"], actor=None, actual_on=dt.date(2024, 5, 30), actual_amount=yi * YI * Decimal("0.6")
            )
        if fate == "planned":
            services.replan_stage(
                stages["started"], actor=None, planned_on=TODAY + dt.timedelta(days=20), reason="用地审批"
            )
    return {"edition": edition}


def new_page(browser, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(20_000)
    return context.new_page()


def log_in(page, live_server, username, target):
    page.goto(f"{live_server.url}{reverse('login')}?next={target}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(re.escape(target)))


def shoot(page, path: str):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    shutil.copy(path, SCREENSHOTS / Path(path).name)


def test_organizer_sees_the_red_outcomes_first(chromium, live_server, dashboard):
    edition = dashboard["edition"]
    url = reverse("manage_outcomes:dashboard", kwargs={"edition_slug": edition.slug})
    page = new_page(chromium)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    log_in(page, live_server, "organizer", url)

    red = page.locator("#overdue tbody tr")
    expect(red).to_have_count(2)
    # started stages planned 2023-10-08, open on 2024-06-01: 237 days late
    assert page.locator("#overdue tbody tr .oc-code").all_inner_texts() == ["CG-2023-002", "CG-2023-004"]
    late = page.locator("#overdue tbody tr .oc-late").all_inner_texts()
    assert [re.sub(r"\D", "", text) for text in late] == ["237", "237"]
    expect(page.locator("#due-soon tbody tr")).to_have_count(1)
    expect(page.locator("#oc-count-red")).to_have_text("2")
    expect(page.locator("#oc-signed")).to_have_text("123亿元")
    expect(page.locator("#oc-landed")).to_have_text("18亿元")
    shoot(page, "/tmp/outcomes-dashboard.png")

    page.set_viewport_size(PHONE)
    shoot(page, "/tmp/outcomes-dashboard-phone.png")

    page.set_viewport_size(DESKTOP)
    page.goto(f"{live_server.url}{reverse('manage_outcomes:list', kwargs={'edition_slug': edition.slug})}")
    page.select_option("select[name=status]", "red")
    page.wait_for_url(re.compile(r"status=red"))
    expect(page.locator("#outcome-list tbody tr")).to_have_count(2)
    assert errors == []


@pytest.mark.parametrize("viewport", [PHONE, {"width": 2560, "height": 1440}], ids=["phone", "wall"])
def test_public_summary_on_a_phone_and_a_wall_screen(chromium, live_server, dashboard, viewport):
    name = "phone" if viewport is PHONE else "wall"
    page = new_page(chromium, viewport)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(f"{live_server.url}{reverse('outcomes:summary', kwargs={'edition': dashboard['edition'].slug})}")

    expect(page.locator("#oc-signed")).to_have_text("123亿元")
    assert page.locator(".oc-cards .oc-code").all_inner_texts()[:2] == ["CG-2023-002", "CG-2023-004"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shoot(page, f"/tmp/outcomes-summary-{name}.png")
    assert errors == []


def test_organizer_records_the_late_stage_and_the_outcome_turns_green(chromium, live_server, dashboard):
    edition = dashboard["edition"]
    url = reverse("manage_outcomes:outcome", kwargs={"edition_slug": edition.slug, "code": "CG-2023-002"})
    page = new_page(chromium)
    log_in(page, live_server, "organizer", url)
    started = Stage.objects.get(outcome__code="CG-2023-002", kind="started")

    page.click(f"#stage-{started.pk} summary:has-text('登记完成')")
    page.fill(f"#id_record_{started.pk}_actual_on", "2024-05-28")
    page.fill(f"#id_record_{started.pk}_note", "主体工程开工")
    shoot(page, "/tmp/outcomes-outcome-form.png")
    page.click(f"#stage-{started.pk} form button[type=submit]")

    expect(page.locator(".message-success")).to_have_count(1)
    expect(page.locator(f"#stage-{started.pk} .oc-status")).to_have_class(re.compile(r"oc-status-done"))
    expect(page.locator("#history .oc-history > li").first).to_contain_text("主体工程开工")
    shoot(page, "/tmp/outcomes-outcome.png")
    started.refresh_from_db()
    assert (started.actual_on, started.note) == (dt.date(2024, 5, 28), "主体工程开工")


def test_a_unit_reports_on_its_late_outcome_from_a_phone(chromium, live_server, dashboard):
    page = new_page(chromium, PHONE)
    log_in(page, live_server, "unit", reverse("outcomes_portal:mine"))

    expect(page.locator(".oc-cards > li")).to_have_count(1)
    expect(page.locator(".oc-cards .oc-code")).to_have_text("CG-2023-002")
    shoot(page, "/tmp/outcomes-portal-phone.png")
    page.click(".oc-cards h2 a")
    page.click("#evidence summary")
    page.fill("#id_evidence_title", "开工新闻稿")
    page.fill("#id_evidence_url", "https://example.org/news/kaigong")
    page.click("#evidence form button[type=submit]")

    expect(page.locator(".message-success")).to_have_count(1)
    expect(page.locator(".oc-evidence li a")).to_have_text("开工新闻稿")
    shoot(page, "/tmp/outcomes-report-phone.png")
