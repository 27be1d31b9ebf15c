"""The exhibition of the demo edition (``ecoforum.demo.exhibition``)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from ecoforum.demo.exhibition import load_exhibition
from ecoforum.demo.loader import Report
from ecoforum.exhibition.enums import ApplicationStatus, BoothKind
from ecoforum.exhibition.models import (
    HOLDING,
    Booth,
    BoothApplication,
    Exhibitor,
    ExhibitorStaff,
    Launch,
    VisitRoute,
    Zone,
)
from ecoforum.program.enums import SessionKind
from ecoforum.program.models import SessionSlot

from .conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("demo_once")  # one load for the module (see conftest)


def test_demo_has_the_seeds_six_zones(demo_edition):
    zones = Zone.objects.filter(edition=demo_edition).order_by("order")
    assert [z.name_zh_hans for z in zones] == [
        "主宾省展区",
        "贵州展区",
        "环保科技企业展区",
        "国际商品展区",
        "新品发布区",
        "贸易洽谈区",
    ]
    assert len({z.colour for z in zones}) == 6


def test_demo_has_290_exhibitors_with_the_seeds_tags(demo_edition):
    exhibitors = Exhibitor.objects.filter(edition=demo_edition)
    assert exhibitors.count() >= 290
    assert exhibitors.filter(is_fortune_global_500=True).count() == 9
    assert exhibitors.filter(is_china_top_500=True).count() == 21
    assert exhibitors.filter(is_industry_leader=True).count() == 80
    assert exhibitors.exclude(country="CN").count() >= 20
    assert exhibitors.filter(products__isnull=True).count() == 0
    assert exhibitors.filter(industries__isnull=True).count() == 0
    assert exhibitors.filter(name_en="").count() == 0


def test_demo_exhibitors_mostly_hold_booths_some_wait_some_online_only(demo_edition):
    applications = BoothApplication.objects.filter(edition=demo_edition)
    holding = applications.filter(status__in=HOLDING).count()
    assert holding >= 250
    assert applications.filter(status=ApplicationStatus.RESERVED).count() > 0
    assert 0 < applications.filter(status=ApplicationStatus.WAITLISTED).count() <= 15
    online_only = Exhibitor.objects.filter(edition=demo_edition, exhibits_on_site=False)
    assert online_only.count() >= 20
    assert online_only.filter(applications__isnull=False).count() == 0


def test_demo_booths_never_overlap_and_stay_inside_their_hall(demo_edition):
    booths = list(Booth.objects.filter(edition=demo_edition).select_related("zone__hall"))
    assert len(booths) >= 290
    assert {b.kind for b in booths} == {BoothKind.SHELL, BoothKind.RAW}
    for b in booths:
        hall = b.zone.hall
        assert b.x + b.width <= hall.width and b.y + b.depth <= hall.depth, b.code
        assert b.area == b.width * b.depth
    for a, b in itertools.combinations(booths, 2):
        if a.zone.hall_id != b.zone.hall_id:
            continue
        apart = a.x + a.width <= b.x or b.x + b.width <= a.x or a.y + a.depth <= b.y or b.y + b.depth <= a.y
        assert apart, (a.code, b.code)
    islands = [b for b in booths if b.kind == BoothKind.RAW]
    assert {(b.width, b.depth) for b in islands} >= {(Decimal(6), Decimal(6)), (Decimal(9), Decimal(12))}


def test_demo_launches_are_released_sessions_on_the_stage(demo_edition):
    launches = Launch.objects.filter(session__edition=demo_edition).select_related("session")
    assert launches.count() == 3
    slots = SessionSlot.objects.filter(
        release__edition=demo_edition, release__version="1.0", session__kind=SessionKind.LAUNCH
    ).select_related("room")
    assert slots.count() == 3
    assert {s.room.name_zh_hans for s in slots} == {"新品发布区 Launch stage"}
    assert all(launch.products.exists() for launch in launches)


def test_demo_routes_have_seats_stops_and_some_guests(demo_edition):
    routes = VisitRoute.objects.filter(edition=demo_edition)
    assert 2 <= routes.count() <= 3
    for route in routes:
        assert route.capacity >= 30
        assert route.stops.count() >= 1
        assert 0 < route.signups.count() < route.capacity
        assert route.departs_at.date() >= demo_edition.start_date
    assert demo_edition.visit_sites.count() >= 3


def test_demo_exhibitor_account_manages_an_exhibitor(demo_edition):
    staff = ExhibitorStaff.objects.get(person__user__username="exhibitor")
    assert staff.role == "manager"
    assert staff.exhibitor.edition == demo_edition
    assert staff.person.user.check_password(PASSWORD) is True


def test_load_exhibition_again_changes_nothing(demo_edition):
    report = Report()
    load_exhibition(demo_edition, password=PASSWORD, report=report)
    assert report.anything is False


def test_demo_visit_and_launch_pages_show_the_demo_data(client, demo_edition):
    public = client.get("/2023/visits/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "石漠化治理考察线" in public
    assert "贵州省绿色数据中心" in public
    client.force_login(get_user_model().objects.get(username="admin"))
    launches = client.get("/manage/2023/exhibition/launches/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert launches.count('<tr id="launch-') == 3
    manifest = client.get("/manage/2023/exhibition/visits/V2/manifest/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert manifest.count('<tr class="manifest-row">') == 12
