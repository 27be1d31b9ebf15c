"""The public projects API: the edition's project index, filtered and paginated, bilingual, constant queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from .factories import InvestmentProjectFactory, entry

URL = "/api/editions/{slug}/projects"


@pytest.fixture
def anon():
    return Client()


def test_lists_projects_with_both_languages_and_the_total(anon, edition):
    InvestmentProjectFactory(edition=edition, code="GZ-002", name_zh_hans="磷石膏综合利用", name_en="Phosphogypsum use")
    InvestmentProjectFactory(edition=edition, code="GZ-001", investment_sought=Decimal("250000000.00"))
    InvestmentProjectFactory(code="OTHER-1")  # another edition
    response = anon.get(URL.format(slug=edition.slug))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert Decimal(body["total_sought"]) == Decimal("350000000.00")
    assert [item["code"] for item in body["items"]] == ["GZ-001", "GZ-002"]
    second = body["items"][1]
    assert second["name"] == {"zh-hans": "磷石膏综合利用", "en": "Phosphogypsum use"}
    assert second["industry"]["code"] == "1.1.1"


def test_filters_by_industry_region_and_chinese_text(anon, edition):
    InvestmentProjectFactory(edition=edition, code="A", industry=entry("3.1.1"), city="遵义市", name_zh_hans="光伏电站")
    InvestmentProjectFactory(edition=edition, code="B", name_zh_hans="节能锅炉")
    url = URL.format(slug=edition.slug)
    assert [i["code"] for i in anon.get(url, {"industry": "3"}).json()["items"]] == ["A"]
    assert [i["code"] for i in anon.get(url, {"region": "遵义市"}).json()["items"]] == ["A"]
    assert [i["code"] for i in anon.get(url, {"q": "锅炉"}).json()["items"]] == ["B"]


def test_bad_filter_and_unknown_ids_are_clear_errors(anon, edition):
    project = InvestmentProjectFactory(edition=edition)
    url = URL.format(slug=edition.slug)
    assert anon.get(url, {"industry": "1.x"}).status_code == 422
    assert anon.get(url, {"page_size": 1000}).status_code == 422
    assert anon.get(f"{url}/{project.pk}").json()["code"] == project.code
    missing = anon.get(f"{url}/{project.pk + 1000}")
    assert missing.status_code == 404 and "detail" in missing.json()
    assert anon.get(f"{url}/99999999999999999999").status_code == 422
    assert anon.get(URL.format(slug="1999")).status_code == 404
    other = InvestmentProjectFactory()
    assert anon.get(f"{url}/{other.pk}").status_code == 404


def test_query_count_does_not_grow_with_projects(anon, edition, django_assert_max_num_queries):
    url = URL.format(slug=edition.slug)
    InvestmentProjectFactory.create_batch(3, edition=edition)
    with django_assert_max_num_queries(6):
        assert anon.get(url).status_code == 200
    InvestmentProjectFactory.create_batch(40, edition=edition)
    with django_assert_max_num_queries(6):
        assert len(anon.get(url).json()["items"]) == 43
