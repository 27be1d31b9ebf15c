"""Matchmaking: the reasons given, the ranking, and a fixed number of queries whatever the number of projects."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ecoforum.investment import matching

from ..factories import EditionFactory
from .factories import InvestmentProjectFactory, InvestorFactory, MeetingRequestFactory, entry

YI = Decimal(100_000_000)


@pytest.fixture
def investor(db):
    investor = InvestorFactory(
        organization__name_en="Green Capital",
        regions=["贵州省", "遵义", "都匀市"],
        ticket_min=1 * YI,
        ticket_max=5 * YI,
    )
    investor.industries.add(entry("1.1.1"), entry("3.2"))
    return investor


def project(edition, code, industry, province, city, county, amount):
    return InvestmentProjectFactory(
        edition=edition,
        code=code,
        industry=entry(industry),
        province=province,
        city=city,
        county=county,
        investment_sought=amount,
    )


@pytest.fixture
def projects(edition):
    return {
        "exact": project(edition, "GZ-001", "1.1.1", "贵州省", "黔南州", "都匀市", 2 * YI),
        "group": project(edition, "GZ-002", "1.1.2", "贵州省", "遵义市", "汇川区", 6 * YI),
        "industry": project(edition, "GZ-003", "1.2.1", "云南省", "昆明市", "", 1 * YI),
        "far": project(edition, "GZ-004", "3.2.2", "贵州省", "贵阳市", "观山湖区", 30 * YI),
        "none": project(edition, "GZ-005", "6.1.1", "四川省", "成都市", "", 100 * YI),
        "tie": project(edition, "GZ-000", "1.2.1", "云南省", "昆明市", "", 1 * YI),
    }


def ranking(matches):
    return [(m.project.code, m.score) for m in matches]


def test_projects_for_investor_are_ranked_by_score_then_code(investor, projects, edition):
    matches = matching.projects_for_investor(investor, edition)
    assert ranking(matches) == [("GZ-001", 100), ("GZ-002", 65), ("GZ-004", 45), ("GZ-000", 35), ("GZ-003", 35)]


def test_exact_match_gives_three_reasons_in_english(investor, projects, edition, english):
    best = matching.projects_for_investor(investor, edition)[0]
    assert [(r.kind, r.text, r.points, r.positive) for r in best.reasons] == [
        ("industry", "Exactly an industry it looks for: 1.1.1 Manufacture of energy-saving boilers", 50, True),
        ("region", "In 都匀市, a county it invests in", 30, True),
        ("size", "CNY 200 m sought, within its ticket size", 20, True),
    ]


def test_same_group_city_without_suffix_and_near_ticket(investor, projects, edition, english):
    match = next(m for m in matching.projects_for_investor(investor, edition) if m.project.code == "GZ-002")
    assert [(r.kind, r.text, r.points) for r in match.reasons] == [
        ("industry", "In a group it looks for: 1.1 Manufacture of high-efficiency energy-saving equipment", 30),
        ("region", "In 遵义市, a city it invests in", 25),
        ("size", "CNY 600 m sought, above its largest ticket of CNY 500 m", 10),
    ]


def test_far_outside_the_ticket_is_a_reason_against(investor, projects, edition, english):
    match = next(m for m in matching.projects_for_investor(investor, edition) if m.project.code == "GZ-004")
    assert [(r.kind, r.points, r.positive) for r in match.reasons] == [
        ("industry", 30, True),
        ("region", 15, True),
        ("size", 0, False),
    ]
    assert match.reasons[1].text == "In 贵州省, a province it invests in"


def test_same_level_one_industry_only(investor, projects, edition, english):
    match = next(m for m in matching.projects_for_investor(investor, edition) if m.project.code == "GZ-003")
    assert [(r.kind, r.text) for r in match.reasons] == [
        ("industry", "In an industry it looks for: 1 Energy saving and environmental protection industry"),
        ("size", "CNY 100 m sought, within its ticket size"),
    ]


def test_reasons_name_the_catalogue_in_chinese(investor, projects, edition):
    best = matching.projects_for_investor(investor, edition)[0]
    assert "1.1.1 节能锅炉制造" in best.reasons[0].text


def test_limit_keeps_the_best(investor, projects, edition):
    assert ranking(matching.projects_for_investor(investor, edition, limit=2)) == [("GZ-001", 100), ("GZ-002", 65)]


def test_projects_of_another_edition_are_not_offered(investor, projects):
    other = EditionFactory()
    project(other, "GZ-001", "1.1.1", "贵州省", "黔南州", "都匀市", 2 * YI)
    assert ranking(matching.projects_for_investor(investor, other)) == [("GZ-001", 100)]


def test_a_pair_with_a_request_shows_its_status(investor, projects, edition):
    MeetingRequestFactory(edition=edition, investor=investor, project=projects["exact"])
    MeetingRequestFactory(
        edition=edition, investor=investor, project=projects["group"], expires_at=timezone.now() - dt.timedelta(1)
    )
    by_code = {m.project.code: m for m in matching.projects_for_investor(investor, edition)}
    assert (by_code["GZ-001"].request_status, by_code["GZ-002"].request_status, by_code["GZ-003"].request) == (
        "pending",
        "expired",
        None,
    )
    assert (by_code["GZ-001"].request_is_open, by_code["GZ-002"].request_is_open) == (True, False)


def test_a_pair_with_no_common_ground_but_a_request_is_listed(investor, projects, edition):
    MeetingRequestFactory(edition=edition, investor=investor, project=projects["none"], status="declined")
    codes = [m.project.code for m in matching.projects_for_investor(investor, edition)]
    assert codes[-1] == "GZ-005"


def test_investors_for_project_are_ranked(projects, investor):
    other = InvestorFactory(organization__name_en="Any Fund", regions=["Guizhou Province"])
    other.industries.add(entry("1"))
    nothing = InvestorFactory(regions=["四川省"])
    nothing.industries.add(entry("6.1.1"))
    matches = matching.investors_for_project(projects["exact"])
    assert [(m.investor.pk, m.score) for m in matches] == [(investor.pk, 100), (other.pk, 15)]


def test_places_are_compared_without_suffixes():
    assert [
        matching.normalise_place("贵州省", matching.PROVINCE_SUFFIXES),
        matching.normalise_place("广西壮族自治区", matching.PROVINCE_SUFFIXES),
        matching.normalise_place("贵阳市", matching.CITY_SUFFIXES),
        matching.normalise_place("贵州", matching.CITY_SUFFIXES),
        matching.normalise_place(" Guizhou  Province "),
    ] == ["贵州", "广西", "贵阳", "贵州", "guizhou"]


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries.captured_queries)


def test_projects_for_investor_query_count_does_not_grow(investor, edition, django_assert_max_num_queries):
    project(edition, "GZ-001", "1.1.1", "贵州省", "黔南州", "都匀市", 2 * YI)
    one = count_queries(lambda: matching.projects_for_investor(investor, edition))
    for n in range(2, 12):
        created = project(edition, f"GZ-{n:03d}", "1.1.2", "贵州省", "遵义市", "", 2 * YI)
        MeetingRequestFactory(edition=edition, investor=investor, project=created)
    with django_assert_max_num_queries(one):
        assert len(matching.projects_for_investor(investor, edition)) == 11


def test_investors_for_projects_query_count_does_not_grow(edition, investor, django_assert_max_num_queries):
    first = project(edition, "GZ-001", "1.1.1", "贵州省", "黔南州", "都匀市", 2 * YI)
    one = count_queries(lambda: matching.investors_for_projects([first]))
    many = [first] + [project(edition, f"GZ-{n:03d}", "1.1.2", "贵州省", "", "", YI) for n in range(2, 5)]
    for _n in range(3):
        InvestorFactory().industries.add(entry("1.1"))
    from ecoforum.investment.queries import projects_of

    loaded = list(projects_of(edition))
    with django_assert_max_num_queries(one):
        ranked = matching.investors_for_projects(loaded)
    assert [len(ranked[p.pk]) for p in many] == [4, 4, 4, 4]
