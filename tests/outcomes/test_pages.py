"""The public outcome pages: the edition's summary in figures and one outcome's page, in both languages."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from ecoforum.outcomes.models import Evidence

from ..releases.factories_releases import ReleaseFactory
from .factories import LinkEvidenceFactory, OutcomeFactory
from .page_factories import PDF, freeze, project_outcome, text, texts


def _classes(content: bytes, xpath: str) -> list[str]:
    from lxml import html as lxml_html

    return [node.get("class") for node in lxml_html.fromstring(content.decode()).xpath(xpath)]


pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    freeze(monkeypatch)


def test_summary_in_chinese_shows_the_counted_figures_and_the_outcome(client, outcome):
    response = client.get("/2023/outcomes/")

    assert response.status_code == 200
    assert text(response.content, "oc-signed") == "5亿元"
    assert text(response.content, "oc-landed") == "0元"
    assert text(response.content, "oc-conversion") == "0%"
    assert text(response.content, "oc-count-red") == "1"
    assert text(response.content, "oc-count-green") == "0"
    assert texts(response.content, "//li[@id='outcome-CG-2023-001']//h3") == ["光伏电站项目签约"]
    assert response.context["rows"][0].status == "red"
    assert _classes(response.content, "//li[@id='outcome-CG-2023-001']//span[contains(@class,'oc-status')]") == [
        "oc-status oc-status-red"
    ]


def test_summary_in_english_shows_the_stages_with_their_dates(client, outcome):
    response = client.get("/2023/outcomes/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert text(response.content, "oc-signed") == "CNY 500 m"
    assert texts(response.content, "//li[@id='outcome-CG-2023-001']//li[contains(@class,'oc-step')]") == [
        "Signed 2023-07-08",
        "Construction started planned 2023-10-08",
        "In production planned 2024-07-08",
        "Funds in place planned 2024-07-08",
    ]
    assert texts(response.content, "//li[@id='outcome-CG-2023-001']//span[contains(@class,'oc-status')]") == ["Overdue"]


def test_summary_lists_only_public_outcomes(client, edition):
    project_outcome(edition, code="CG-2023-001", title="公开项目")
    project_outcome(edition, code="CG-2023-002", title="内部项目", is_public=False)

    response = client.get("/2023/outcomes/", HTTP_ACCEPT_LANGUAGE="en")

    assert [row.outcome.code for row in response.context["rows"]] == ["CG-2023-001"]


def test_summary_puts_red_outcomes_first(client, edition):
    project_outcome(edition, code="CG-2023-001", title="按期项目")
    project_outcome(edition, code="CG-2023-002", title="逾期项目", late_days=3)

    response = client.get("/2023/outcomes/")

    assert [(row.outcome.code, str(row.status)) for row in response.context["rows"]] == [
        ("CG-2023-002", "red"),
        ("CG-2023-001", "green"),
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_summary_queries_do_not_grow_with_the_outcomes(client, edition, django_assert_num_queries, count):
    for n in range(count):
        project_outcome(edition, code=f"CG-2023-{n + 1:03d}", late_days=n)
    client.get("/2023/outcomes/")  # warm the caches (sessions, catalogue)

    with django_assert_num_queries(8):
        response = client.get("/2023/outcomes/")

    assert len(response.context["rows"]) == count


def test_outcome_page_in_chinese_shows_stages_and_link_evidence_but_no_file(client, outcome):
    LinkEvidenceFactory(outcome=outcome, title="开工新闻", url="https://example.org/news/1")
    file_evidence = Evidence(outcome=outcome, kind="file", title="合同扫描件", original_name="合同.pdf", size=len(PDF))
    file_evidence.file.save("x.pdf", ContentFile(PDF), save=True)

    response = client.get("/2023/outcomes/CG-2023-001/")

    assert response.status_code == 200
    assert texts(response.content, "//ul[@class='oc-evidence']/li/a") == ["开工新闻"]
    assert texts(response.content, "//table[contains(@class,'oc-stage-table')]//tbody/tr/td[2]") == [
        "2023-07-08",
        "2023-10-08",
        "2024-07-08",
        "2024-07-08 5亿元",
    ]
    assert b"x.pdf" not in response.content


def test_outcome_page_in_english(client, outcome):
    response = client.get("/2023/outcomes/CG-2023-001/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert texts(response.content, "//h1") == ["Solar plant signing"]
    assert texts(response.content, "//table[contains(@class,'oc-stage-table')]//tbody/tr") == [
        "Signed 2023-07-08 2023-07-08 Landed",
        "Construction started 2023-10-08 — Overdue",
        "In production 2024-07-08 — On track",
        "Funds in place 2024-07-08 CNY 500 m — On track",
    ]


def test_private_and_missing_outcomes_are_404(client, edition):
    project_outcome(edition, code="CG-2023-001", is_public=False)

    assert client.get("/2023/outcomes/CG-2023-001/").status_code == 404
    assert client.get("/2023/outcomes/CG-2023-999/").status_code == 404


def test_public_initiative_links_its_published_release(client, edition):
    release = ReleaseFactory(edition=edition, slug="green-initiative", title_zh_hans="绿色发展倡议")
    OutcomeFactory(edition=edition, code="CG-2023-001", title_zh_hans="倡议联盟成立", release=release)

    response = client.get("/2023/outcomes/CG-2023-001/")

    assert response.status_code == 200
    assert [a.get("href") for a in _links(response.content)] == ["/2023/releases/green-initiative/"]


def _links(content: bytes) -> list:
    from lxml import html as lxml_html

    return lxml_html.fromstring(content.decode()).xpath("//dl[@class='oc-facts']//a")
