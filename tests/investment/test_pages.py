"""The public project directory and project pages: content in both languages, filters, query counts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..factories import OrganizationFactory
from .factories import InvestmentProjectFactory, entry


def url(name, edition, **kwargs):
    return reverse(f"investment:{name}", kwargs={"edition": edition.slug, **kwargs})


def names(response) -> list[str]:
    return re.findall(r'<h2 class="project-name"><a href="[^"]+">([^<]+)</a></h2>', response.content.decode())


def totals(response) -> str:
    match = re.search(r'<p class="project-totals">(.*?)</p>', response.content.decode())
    assert match is not None
    return re.sub(r"<[^>]+>", "", match.group(1))


@pytest.fixture
def projects(edition):
    owner = OrganizationFactory(name_zh_hans="都匀经济开发区", name_en="Duyun Development Zone")
    return [
        InvestmentProjectFactory(
            edition=edition,
            code="GZ-001",
            name_zh_hans="节能锅炉生产线",
            name_en="Energy-saving boiler line",
            industry=entry("1.1.1"),
            city="贵阳市",
            investment_sought=Decimal("30000000000"),
            owner=owner,
        ),
        InvestmentProjectFactory(
            edition=edition,
            code="GZ-002",
            name_zh_hans="都匀光伏电站",
            name_en="Duyun solar power plant",
            summary_zh_hans="建设农光互补光伏电站",
            industry=entry("3.2.2"),
            city="黔南州",
            county="都匀市",
            investment_sought=Decimal("100000000000"),
            cooperation_mode="ppp",
            owner=owner,
        ),
    ]


def test_list_shows_every_project_with_count_and_sum(client, edition, projects):
    response = client.get(url("projects", edition))
    assert names(response) == ["节能锅炉生产线", "都匀光伏电站"]
    assert totals(response) == "2 个项目 · 拟引资1,300亿元"


def test_list_in_english(client, edition, projects):
    response = client.get(url("projects", edition), HTTP_ACCEPT_LANGUAGE="en")
    assert names(response) == ["Energy-saving boiler line", "Duyun solar power plant"]
    assert totals(response) == "2 projects · CNY 130 bn sought"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"industry": "3"}, ["都匀光伏电站"]),
        ({"industry": "1.1"}, ["节能锅炉生产线"]),
        ({"industry": "1.1.1"}, ["节能锅炉生产线"]),
        ({"region": "黔南州"}, ["都匀光伏电站"]),
        ({"region": "都匀市"}, ["都匀光伏电站"]),
        ({"q": "光伏"}, ["都匀光伏电站"]),
        ({"q": "农光互补"}, ["都匀光伏电站"]),
        ({"q": "boiler"}, ["节能锅炉生产线"]),
        ({"q": "开发区"}, ["节能锅炉生产线", "都匀光伏电站"]),
        ({"industry": "3", "region": "贵阳市"}, []),
    ],
)
def test_list_filters(client, edition, projects, query, expected):
    response = client.get(url("projects", edition), query)
    assert names(response) == expected


def test_filtered_totals_count_only_what_matches(client, edition, projects):
    response = client.get(url("projects", edition), {"industry": "3"}, HTTP_ACCEPT_LANGUAGE="en")
    assert totals(response) == "1 project · CNY 100 bn sought"


def test_project_page_shows_its_facts(client, edition, projects):
    project = projects[1]
    body = client.get(url("project", edition, pk=project.pk), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r"<h1>([^<]+)</h1>", body).group(1) == "Duyun solar power plant"
    facts = re.findall(r"<dt>([^<]+)</dt><dd>(.*?)</dd>", body)
    assert [(dt, re.sub(r"<[^>]+>", "|", dd)) for dt, dd in facts] == [
        ("Investment sought", "|CNY 100 bn|"),
        ("Cooperation mode", "Public–private partnership (PPP)"),
        (
            "Industry",
            (
                "3.2.2 Construction and operation of solar energy utilization facilities||"
                "Clean energy industry › Construction and operation of clean energy facilities|"
            ),
        ),
        ("Owner", "Duyun Development Zone"),
    ]


def test_project_of_another_edition_is_not_found(client, edition, projects):
    other = InvestmentProjectFactory()
    assert client.get(url("project", edition, pk=other.pk)).status_code == 404


def count_queries(client, path) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_projects(client, edition):
    InvestmentProjectFactory(edition=edition)
    one = count_queries(client, url("projects", edition))
    InvestmentProjectFactory.create_batch(2, edition=edition, industry=entry("3.2.2"))
    assert count_queries(client, url("projects", edition)) == one
