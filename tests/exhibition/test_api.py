"""The public exhibitors API: bilingual, filtered, paginated, booths included, constant queries."""

from __future__ import annotations

import pytest
from django.test import Client

from ecoforum.exhibition.enums import ApplicationStatus
from ecoforum.investment.models import GreenIndustry

from .factories import BoothApplicationFactory, BoothFactory, ExhibitorFactory, ZoneFactory

URL = "/api/editions/{slug}/exhibitors"


@pytest.fixture
def anon():
    return Client()


def holding(exhibitor, zone, code: str):
    booth = BoothFactory(edition=exhibitor.edition, zone=zone, code=code)
    return BoothApplicationFactory(
        edition=exhibitor.edition, exhibitor=exhibitor, zone=zone, booth=booth, status=ApplicationStatus.CONFIRMED
    )


def test_lists_exhibitors_with_names_booths_tags_and_industries(anon, edition):
    zone = ZoneFactory(edition=edition, code="GZ")
    first = ExhibitorFactory(
        edition=edition,
        slug="qiannan-solar",
        name_zh_hans="黔南光伏科技有限公司",
        name_en="Qiannan Solar",
        is_fortune_global_500=True,
    )
    first.industries.add(GreenIndustry.objects.get(code="3.1.1"))
    holding(first, zone, "GZ-001")
    ExhibitorFactory(slug="elsewhere")  # another edition
    body = anon.get(URL.format(slug=edition.slug)).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["name"] == {"zh-hans": "黔南光伏科技有限公司", "en": "Qiannan Solar"}
    assert item["tags"] == ["global500"]
    assert item["industries"] == ["3.1.1"]
    assert item["booths"] == [{"code": "GZ-001", "zone": "GZ", "hall": zone.hall.code, "status": "confirmed"}]
    detail = anon.get(f"{URL.format(slug=edition.slug)}/qiannan-solar")
    assert detail.status_code == 200 and detail.json()["slug"] == "qiannan-solar"


def test_filters_and_chinese_search(anon, edition):
    ExhibitorFactory(edition=edition, name_zh_hans="贵州磷化（集团）有限责任公司", name_en="Guizhou Phosphate")
    ExhibitorFactory(edition=edition, name_zh_hans="遵义储能科技", name_en="Zunyi Storage", is_industry_leader=True)
    url = URL.format(slug=edition.slug)
    assert [i["name"]["en"] for i in anon.get(url, {"q": "磷化"}).json()["items"]] == ["Guizhou Phosphate"]
    assert [i["name"]["en"] for i in anon.get(url, {"tag": "leader"}).json()["items"]] == ["Zunyi Storage"]


def test_bad_input_and_unknown_ids_are_clear_errors(anon, edition):
    url = URL.format(slug=edition.slug)
    assert anon.get(url, {"tag": "famous"}).status_code == 422
    assert anon.get(url, {"industry": "x"}).status_code == 422
    missing = anon.get(f"{url}/nobody")
    assert missing.status_code == 404 and "detail" in missing.json()
    assert anon.get(URL.format(slug="1999")).status_code == 404


def test_query_count_does_not_grow_with_exhibitors(anon, edition, django_assert_max_num_queries):
    zone = ZoneFactory(edition=edition)
    url = URL.format(slug=edition.slug)
    for n in range(3):
        holding(ExhibitorFactory(edition=edition), zone, f"A-{n}")
    with django_assert_max_num_queries(6):
        assert anon.get(url).status_code == 200
    for n in range(3, 40):
        holding(ExhibitorFactory(edition=edition), zone, f"A-{n}")
    with django_assert_max_num_queries(6):
        assert len(anon.get(url).json()["items"]) == 40
