"""The floor plan: its reads in constant queries, the public page in both languages with statuses and
filters, the organizers' editor (and its 404 for anybody else), and the plan in a browser."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.exhibition.enums import ApplicationStatus
from ecoforum.exhibition.floorplan import floor_plan
from ecoforum.exhibition.models import Booth
from ecoforum.investment.models import GreenIndustry

from ..factories import UserFactory
from .factories import BoothApplicationFactory, BoothFactory, ExhibitorFactory, HallFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def public_url(edition, query: str = "") -> str:
    return reverse("exhibition:floorplan", kwargs={"edition": edition.slug}) + query


def manage_url(edition, name: str = "floorplan", **kwargs) -> str:
    return reverse(f"manage_exhibition:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


@pytest.fixture
def hall(edition):
    return HallFactory(
        edition=edition, code="A", width=Decimal("60"), depth=Decimal("30"), name_zh_hans="A馆", name_en="Hall A"
    )


@pytest.fixture
def tech(hall):
    return ZoneFactory(
        edition=hall.edition, hall=hall, code="T", name_zh_hans="环保科技展区", name_en="Technology", colour="#1f6feb"
    )


@pytest.fixture
def guest(hall):
    return ZoneFactory(
        edition=hall.edition, hall=hall, code="G", name_zh_hans="主宾省展区", name_en="Guest province", colour="#c0392b"
    )


def held(booth, status, **exhibitor):
    exhibitor = ExhibitorFactory(edition=booth.edition, **exhibitor)
    BoothApplicationFactory(edition=booth.edition, zone=booth.zone, booth=booth, status=status, exhibitor=exhibitor)
    return exhibitor


@pytest.fixture
def plan(edition, tech, guest):
    """T-1 confirmed (industry 1.1 → level 1), T-2 reserved, G-1 free."""
    confirmed = BoothFactory(edition=edition, zone=tech, code="T-1", x=0, y=0)
    reserved = BoothFactory(edition=edition, zone=tech, code="T-2", x=3, y=0)
    BoothFactory(edition=edition, zone=guest, code="G-1", x=20, y=10)
    solar = held(confirmed, ApplicationStatus.CONFIRMED, name_en="Qianneng Solar", name_zh_hans="黔能光伏", slug="qn")
    solar.industries.add(GreenIndustry.objects.get(code="1.1"), GreenIndustry.objects.get(code="3"))
    held(reserved, ApplicationStatus.RESERVED, name_en="Karst Water", name_zh_hans="喀斯特水务", slug="karst")
    return edition


def booth_tag(html: str, code: str) -> str:
    match = re.search(rf'<g class="[^"]*"[^>]*data-code="{re.escape(code)}"[^>]*>', html)
    assert match, code
    return match.group(0)


# --- reads --------------------------------------------------------------------------------------


def test_floor_plan_gives_status_holder_and_level_1_industries(plan):
    (hall,) = floor_plan(plan)

    assert [(b.code, b.zone.code, b.status, b.exhibitor_slug, b.industries) for b in hall.booths] == [
        ("G-1", "G", "free", "", []),
        ("T-1", "T", "confirmed", "qn", ["1", "3"]),
        ("T-2", "T", "reserved", "karst", []),
    ]
    assert hall.counts() == {"free": 1, "reserved": 1, "confirmed": 1, "blocked": 0}


def _booths(edition, zone, count):
    industry = GreenIndustry.objects.get(code="2.1")
    for n in range(count):
        booth = BoothFactory(edition=edition, zone=zone, code=f"Q-{n:03d}", x=(n % 20) * 3, y=(n // 20) * 3)
        if n % 2:
            exhibitor = held(booth, ApplicationStatus.CONFIRMED if n % 4 == 1 else ApplicationStatus.RESERVED)
            exhibitor.industries.add(industry)


@pytest.mark.parametrize("count", [10, 100])
def test_floor_plan_queries_do_not_grow_with_booths(edition, django_assert_max_num_queries, count):
    hall = HallFactory(edition=edition, width=Decimal("60"), depth=Decimal("30"))
    _booths(edition, ZoneFactory(edition=edition, hall=hall), count)

    with django_assert_max_num_queries(5):
        plan = floor_plan(edition)
        statuses = [b.status for b in plan[0].booths]

    assert len(statuses) == count


def test_public_page_queries_do_not_grow_with_booths(edition, client):
    hall = HallFactory(edition=edition, width=Decimal("60"), depth=Decimal("60"))
    zone = ZoneFactory(edition=edition, hall=hall)
    counts = []
    for more in (10, 90):
        _booths(edition, zone, more) if more == 10 else [
            BoothFactory(edition=edition, zone=zone, code=f"R-{n:03d}", x=(n % 20) * 3, y=30 + (n // 20) * 3)
            for n in range(more)
        ]
        with CaptureQueriesContext(connection) as queries:
            response = client.get(public_url(edition))
        counts.append((response.status_code, len(queries)))

    assert counts[0] == counts[1]


# --- the public page ----------------------------------------------------------------------------


def test_public_plan_in_english_shows_statuses_zones_and_exhibitor_links(plan):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(public_url(plan))
    html = response.content.decode()

    assert response.status_code == 200
    t1 = booth_tag(html, "T-1")
    assert 'data-status="confirmed"' in t1 and 'data-zone="T"' in t1 and 'data-industries="1 3"' in t1
    assert f'data-url="/{plan.slug}/exhibitors/qn/"' in t1
    assert 'data-status="reserved"' in booth_tag(html, "T-2")
    assert 'data-status="free"' in booth_tag(html, "G-1") and "data-url" not in booth_tag(html, "G-1")
    assert "<title>T-1 · Technology · Qianneng Solar · confirmed</title>" in html
    assert 'viewBox="0 0 60 30"' in html
    assert f'<a href="/{plan.slug}/exhibitors/qn/">Qianneng Solar</a>' in html


def test_public_plan_in_chinese_shows_chinese_names(plan):
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(public_url(plan))
    html = response.content.decode()

    assert response.status_code == 200
    assert "环保科技展区" in html and "黔能光伏" in html and "A馆" in html
    assert html.count('class="fp-booth ') == 3


def test_public_plan_zone_filter_without_js_dims_the_other_zones(plan):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(public_url(plan, "?zone=G")).content.decode()

    assert ("is-dim" in booth_tag(html, "T-1"), "is-dim" in booth_tag(html, "G-1")) == (True, False)


def test_public_plan_industry_filter_without_js_dims_the_others(plan):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(public_url(plan, "?industry=3")).content.decode()

    assert ["is-dim" in booth_tag(html, code) for code in ("T-1", "T-2", "G-1")] == [False, True, True]


def test_public_plan_hall_tabs_pick_the_hall(plan, edition):
    other = HallFactory(edition=edition, code="B", name_en="Hall B", width=Decimal("20"), depth=Decimal("20"))
    BoothFactory(edition=edition, zone=ZoneFactory(edition=edition, hall=other, code="I"), code="I-1", x=0, y=0)

    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(public_url(plan, "?hall=B")).content.decode()

    assert (html.count('class="fp-booth '), 'viewBox="0 0 20 20"' in html) == (1, True)


def test_public_plan_without_halls_says_so(edition):
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get(public_url(edition)).content.decode()

    assert "The floor plan is not published yet." in html


# --- the organizers' editor ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "stranger", "coordinator"])
def test_editor_is_404_for_non_organizers(plan, coordinator, who):
    client = Client()
    if who == "stranger":
        client.force_login(UserFactory())
    elif who == "coordinator":
        client.force_login(coordinator)
    booth = Booth.objects.get(code="G-1")

    statuses = [
        client.get(manage_url(plan)).status_code,
        client.get(manage_url(plan, "floorplan_booth", pk=booth.pk)).status_code,
        client.post(manage_url(plan, "floorplan_booth_delete", pk=booth.pk)).status_code,
        client.post(manage_url(plan, "floorplan_import")).status_code,
    ]

    assert statuses == [404, 404, 404, 404]
    assert Booth.objects.filter(pk=booth.pk).exists()


@pytest.fixture
def organizer_client(organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    return client


def test_editor_shows_the_plan_with_edit_links(plan, organizer_client):
    booth = Booth.objects.get(code="G-1")
    response = organizer_client.get(manage_url(plan))

    assert response.status_code == 200
    assert f'data-edit-url="{manage_url(plan, "floorplan_booth", pk=booth.pk)}"' in response.content.decode()


def test_editor_adds_a_booth(plan, organizer_client, tech):
    data = {"zone": tech.pk, "code": "T-9", "kind": "shell", "area": "9", "price": "", "x": "30", "y": "20"}
    response = organizer_client.post(manage_url(plan, "floorplan_booth_add"), data | {"width": "3", "depth": "3"})

    assert response.status_code == 302
    assert Booth.objects.get(code="T-9").zone == tech


def test_editor_refuses_an_overlapping_booth_with_a_message(plan, organizer_client, tech):
    data = {
        "zone": tech.pk,
        "code": "T-9",
        "kind": "shell",
        "area": "9",
        "x": "1",
        "y": "1",
        "width": "3",
        "depth": "3",
    }
    response = organizer_client.post(manage_url(plan, "floorplan_booth_add"), data)

    assert response.status_code == 200
    assert "Booth T-9 overlaps booth T-1." in response.content.decode()
    assert not Booth.objects.filter(code="T-9").exists()


def test_editor_booth_form_comes_as_a_fragment_for_htmx(plan, organizer_client):
    booth = Booth.objects.get(code="G-1")
    response = organizer_client.get(manage_url(plan, "floorplan_booth", pk=booth.pk), HTTP_HX_REQUEST="true")
    html = response.content.decode()

    assert (response.status_code, html.lstrip().startswith("<h2>Booth G-1</h2>")) == (200, True)


def test_editor_refuses_to_remove_a_held_booth_with_a_message(plan, organizer_client):
    booth = Booth.objects.get(code="T-1")
    response = organizer_client.post(manage_url(plan, "floorplan_booth_delete", pk=booth.pk), follow=True)

    assert "Booth T-1 is held by Qianneng Solar; release it before removing the booth." in response.content.decode()
    assert Booth.objects.filter(pk=booth.pk).exists()


def test_editor_booth_of_another_edition_is_404(plan, organizer_client):
    stranger = BoothFactory(code="X-1")

    response = organizer_client.get(manage_url(plan, "floorplan_booth", pk=stranger.pk))

    assert response.status_code == 404


def test_editor_import_shows_row_errors_and_saves_nothing(plan, organizer_client):
    upload = SimpleUploadedFile(
        "booths.csv", "code,zone,kind,area,price,x,y,width,depth\r\nN-1,T,shell,9,,0,0,3,3\r\n".encode("gbk")
    )
    response = organizer_client.post(manage_url(plan, "floorplan_import"), {"file": upload})
    html = response.content.decode()

    assert response.status_code == 200
    assert "row 2: x: booth N-1 overlaps booth T-1" in html
    assert not Booth.objects.filter(code="N-1").exists()


def test_editor_adds_a_hall_and_a_zone(edition, organizer_client):
    hall = {"code": "C", "name_zh_hans": "C馆", "name_en": "Hall C", "width": "50", "depth": "40", "order": "0"}
    organizer_client.post(manage_url(edition, "floorplan_hall_add"), hall)
    from ecoforum.exhibition.models import Hall, Zone

    created = Hall.objects.get(edition=edition, code="C")
    zone = {"hall": created.pk, "code": "C1", "kind": "other", "name_zh_hans": "区", "colour": "#123456", "order": "0"}
    response = organizer_client.post(manage_url(edition, "floorplan_zone_add"), zone)

    assert response.status_code == 302
    assert Zone.objects.get(code="C1").hall == created


# --- in a browser -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_in_a_browser_filters_a_zone_and_opens_an_exhibitor(chromium, live_server, edition):
    hall = HallFactory(edition=edition, code="A", width=Decimal("48"), depth=Decimal("24"), name_en="Hall A")
    tech = ZoneFactory(edition=edition, hall=hall, code="T", name_en="Technology", colour="#1f6feb")
    guest = ZoneFactory(edition=edition, hall=hall, code="G", name_en="Guest province", colour="#c0392b")
    for row in range(3):
        for col in range(6):
            zone = tech if col < 3 else guest
            booth = BoothFactory(
                edition=edition,
                zone=zone,
                code=f"{zone.code}-{row}{col}",
                x=4 + col * 6,
                y=3 + row * 6,
                width=Decimal("5"),
                depth=Decimal("4"),
                area=Decimal("20"),
            )
            if (row + col) % 3 == 0:
                held(booth, ApplicationStatus.CONFIRMED, slug=f"firm-{row}{col}", name_en=f"Firm {row}{col}")
            elif (row + col) % 3 == 1:
                held(booth, ApplicationStatus.RESERVED, slug=f"co-{row}{col}", name_en=f"Company {row}{col}")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{live_server.url}{public_url(edition)}")
    page.wait_for_selector("html.js")
    page.screenshot(path="/tmp/floorplan-desktop.png", full_page=True)

    page.select_option("select[data-filter=zone]", "T")

    assert page.locator(".fp-booth.is-dim").count() == 9
    assert page.locator('.fp-booth[data-zone="T"].is-dim').count() == 0
    assert "zone=T" in page.url
    page.hover('.fp-booth[data-code="T-00"]')
    assert page.locator(".fp-tooltip").inner_text().startswith("Firm 00")
    page.screenshot(path="/tmp/floorplan-filtered.png")
    page.click('.fp-booth[data-code="T-00"]')
    page.wait_for_url(f"**/{edition.slug}/exhibitors/firm-00/")
    assert page.url == f"{live_server.url}/{edition.slug}/exhibitors/firm-00/"

    phone = chromium.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True, is_mobile=True)
    small = phone.new_page()
    small.goto(f"{live_server.url}{public_url(edition)}")
    small.wait_for_selector("html.js")
    small.screenshot(path="/tmp/floorplan-phone.png", full_page=True)
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    phone.close()
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editor_in_a_browser_prefills_a_new_booth_and_loads_a_booth_form(chromium, live_server, edition, organizer):
    hall = HallFactory(edition=edition, code="A", width=Decimal("40"), depth=Decimal("20"), name_en="Hall A")
    zone = ZoneFactory(edition=edition, hall=hall, code="T", name_en="Technology", colour="#1f6feb")
    BoothFactory(edition=edition, zone=zone, code="T-1", x=2, y=2, width=Decimal("4"), depth=Decimal("4"))
    session = Client()
    session.force_login(organizer)
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}{manage_url(edition)}")
    page.wait_for_selector("html.js")

    floor = page.locator(".fp-floor").bounding_box()
    page.mouse.click(floor["x"] + floor["width"] * 0.75, floor["y"] + floor["height"] * 0.5)

    assert (page.input_value("#add-booth [name=x]"), page.input_value("#add-booth [name=y]")) == ("30", "10")
    page.fill("#add-booth [name=code]", "T-2")
    page.click("#add-booth button[type=submit]")
    page.wait_for_selector(".fp-booth[data-code='T-2']")
    page.click(".fp-booth[data-code='T-1']")
    page.wait_for_selector("#booth-panel h2:has-text('Booth T-1')")
    page.screenshot(path="/tmp/floorplan-editor.png", full_page=True)
    assert Booth.objects.get(code="T-2").x == Decimal("30.00")
    context.close()
