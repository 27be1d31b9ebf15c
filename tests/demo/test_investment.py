"""The demo's green investment: the project index, investors, meeting requests and the signings that count."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Sum

from ecoforum.core.money import YI
from ecoforum.demo.investment import demo_meeting_grid_spec
from ecoforum.investment import queries
from ecoforum.investment.enums import RequestStatus, SigningKind
from ecoforum.investment.models import InvestmentProject, Investor, MeetingRequest, Signing
from ecoforum.people.models import Person

from .conftest import PASSWORD

pytestmark = pytest.mark.usefixtures("demo_once")  # one load for the module (see conftest)


def test_demo_has_220_projects_worth_about_1300_yi(demo_edition):
    projects = InvestmentProject.objects.filter(edition=demo_edition)
    total = projects.aggregate(total=Sum("investment_sought"))["total"]
    assert projects.count() == 220
    assert Decimal(1250) * YI <= total <= Decimal(1350) * YI
    assert projects.filter(is_demo=False).count() == 0
    assert set(projects.values_list("province", flat=True)) == {"贵州省"}
    assert len(set(projects.values_list("city", flat=True))) == 9
    assert projects.filter(name_en="").count() == 0
    assert projects.values("name_zh_hans").distinct().count() == 220
    assert projects.order_by("code").first().code == "GZ2023-001"


def test_demo_signings_count_about_160_yi_with_the_counting_rules_shown(demo_edition):
    totals = queries.signing_totals(demo_edition)
    assert Decimal(150) * YI <= totals.counted.amount <= Decimal(170) * YI
    reasons = {item.reason for item in queries.counted_signings(demo_edition)}
    assert reasons == {"first", "repeat", "increment", "no_project"}
    assert Signing.objects.filter(edition=demo_edition, kind=SigningKind.CAPITAL_INCREASE).count() == 1
    assert all(s.ceremony.code == "SIGN" for s in Signing.objects.filter(edition=demo_edition))


def test_demo_investors_requests_and_portal_accounts(demo_edition):
    assert 55 <= Investor.objects.filter(is_demo=True).count() <= 65
    assert Investor.objects.filter(contacts__isnull=True).count() == 0
    requests = MeetingRequest.objects.filter(edition=demo_edition)
    assert 200 <= requests.count() <= 400
    accepted = requests.filter(status=RequestStatus.ACCEPTED).count()
    assert accepted > requests.count() / 2
    assert requests.filter(status=RequestStatus.PENDING).exists()
    assert requests.filter(status=RequestStatus.DECLINED).exists()
    for username in ("investor", "owner"):
        user = get_user_model().objects.get(username=username)
        assert user.check_password(PASSWORD) is True
        assert Person.objects.get(user=user).is_demo is True


def test_demo_meeting_grid_spec_has_two_days_of_20_minute_slots(demo_edition):
    spec = demo_meeting_grid_spec()
    slots = spec.slots(demo_edition)
    assert spec.tables == 40
    assert len(slots) == 2 * (9 + 10)
    assert slots[0][0] == "d1-01"
    assert [s[1].strftime("%H:%M") for s in slots[:2]] == ["09:00", "09:20"]


def test_demo_signings_page_shows_the_counted_total(client, demo_edition):
    body = client.get("/2023/signings/").content.decode()
    total = queries.signing_totals(demo_edition).counted
    assert f'<span class="figure-value" id="signing-total">{total.format("zh-hans")}</span>' in body
    assert "绿色产业项目集中签约仪式" in body
