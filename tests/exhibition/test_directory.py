"""The public exhibitor directory: search, filters, query counts, the exhibitor and product pages."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ecoforum.exhibition.enums import ApplicationStatus
from ecoforum.exhibition.queries import countries_of, exhibitors_of
from ecoforum.investment.models import GreenIndustry

from .factories import BoothApplicationFactory, BoothFactory, ExhibitorFactory, ProductFactory, ZoneFactory


def url(edition, rest: str = "") -> str:
    return f"/{edition.slug}/exhibitors/{rest}"


def names(exhibitors) -> list[str]:
    return sorted(e.name_zh_hans for e in exhibitors)


@pytest.fixture
def zone(edition):
    return ZoneFactory(edition=edition, code="T", name_zh_hans="环保科技展区", name_en="Environmental technology")


def with_booth(exhibitor, zone, code: str, status=ApplicationStatus.CONFIRMED):
    booth = BoothFactory(edition=exhibitor.edition, zone=zone, code=code)
    BoothApplicationFactory(edition=exhibitor.edition, exhibitor=exhibitor, zone=zone, status=status, booth=booth)
    return booth


def test_exhibitors_of_chinese_word_inside_a_longer_name(edition):
    ExhibitorFactory(edition=edition, name_zh_hans="贵州磷化（集团）有限责任公司")
    ExhibitorFactory(edition=edition, name_zh_hans="北京京东方显示技术有限公司")
    assert names(exhibitors_of(edition, text="磷化")) == ["贵州磷化（集团）有限责任公司"]
    assert names(exhibitors_of(edition, text="显示技术")) == ["北京京东方显示技术有限公司"]


def test_exhibitors_of_finds_descriptions_and_product_names(edition):
    a = ExhibitorFactory(edition=edition, name_zh_hans="甲公司", description_zh_hans="专注于光伏组件回收利用")
    b = ExhibitorFactory(edition=edition, name_zh_hans="乙公司")
    ProductFactory(exhibitor=b, name_zh_hans="高效节能锅炉", name_en="Efficient boiler")
    ExhibitorFactory(edition=edition, name_zh_hans="丙公司")
    assert names(exhibitors_of(edition, text="光伏")) == [a.name_zh_hans]
    assert names(exhibitors_of(edition, text="锅炉")) == [b.name_zh_hans]
    assert names(exhibitors_of(edition, text="BOILER")) == [b.name_zh_hans]


def test_exhibitors_of_filters_industry_zone_country_tag(edition, zone):
    boiler = GreenIndustry.objects.get(code="1.1.1")
    other_level1 = GreenIndustry.objects.filter(level=3).exclude(code__startswith="1.").first()
    a = ExhibitorFactory(edition=edition, name_zh_hans="甲", is_fortune_global_500=True)
    a.industries.add(boiler)
    b = ExhibitorFactory(edition=edition, name_zh_hans="乙", country="DE")
    b.industries.add(other_level1)
    c = ExhibitorFactory(edition=edition, name_zh_hans="丙", is_industry_leader=True)
    with_booth(c, zone, "T-01")
    d = ExhibitorFactory(edition=edition, name_zh_hans="丁")
    with_booth(d, zone, "T-02", status=ApplicationStatus.WITHDRAWN)
    ExhibitorFactory(name_zh_hans="别届甲", is_fortune_global_500=True)  # another edition
    assert names(exhibitors_of(edition, industry="1")) == ["甲"]
    assert names(exhibitors_of(edition, industry="1.1")) == ["甲"]
    assert names(exhibitors_of(edition, industry="1.1.1")) == ["甲"]
    assert names(exhibitors_of(edition, zone="T")) == ["丙"]
    assert names(exhibitors_of(edition, country="de")) == ["乙"]
    assert names(exhibitors_of(edition, tag="global500")) == ["甲"]
    assert names(exhibitors_of(edition, tag="leader")) == ["丙"]


def test_countries_of_lists_each_code_once_in_order_for_its_edition_only(edition):
    for country in ("FR", "CN", "DE", "CN", "FR", "CN"):
        ExhibitorFactory(edition=edition, country=country)
    ExhibitorFactory(country="JP")  # another edition

    assert countries_of(edition) == ["CN", "DE", "FR"]


def test_countries_of_an_edition_without_exhibitors_is_empty(edition):
    ExhibitorFactory(country="JP")  # another edition

    assert countries_of(edition) == []


def test_directory_orders_by_chinese_name_then_english_and_links_each_page(edition, zone):
    ExhibitorFactory(edition=edition, slug="b", name_zh_hans="二公司", name_en="B")
    ExhibitorFactory(edition=edition, slug="a2", name_zh_hans="一公司", name_en="A2")
    ExhibitorFactory(edition=edition, slug="a1", name_zh_hans="一公司", name_en="A1")

    body = Client().get(url(edition)).content.decode()

    links = re.findall(r'<h2 class="exhibitor-name"><a href="([^"]+)">', body)
    assert links == [url(edition, "a1/"), url(edition, "a2/"), url(edition, "b/")]


def _many(edition, zone, count: int):
    boiler = GreenIndustry.objects.get(code="1.1.1")
    for _n in range(count):
        exhibitor = ExhibitorFactory(edition=edition)
        exhibitor.industries.add(boiler)
        with_booth(exhibitor, zone, f"Q-{exhibitor.pk:04d}")


#: The page's queries whatever the number of exhibitors: the session-free page's own reads (edition,
#: filters' zones, countries and industries, count, page, holding booths, industries) and the layout's.
MAX_QUERIES = 12


@pytest.mark.parametrize("count", [10, 60])
def test_directory_query_count_does_not_grow(edition, zone, count, django_assert_max_num_queries):
    _many(edition, zone, count)
    client = Client()
    with django_assert_max_num_queries(MAX_QUERIES):
        page = client.get(url(edition), {"industry": "1", "q": "公司"})
    assert page.status_code == 200
    assert page.context["count"] == count
    assert len(page.context["exhibitors"]) == min(count, 48)


def test_directory_same_queries_for_10_and_60_exhibitors(edition, zone):
    client = Client()
    counts = []
    for more in (10, 50):
        _many(edition, zone, more)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(edition), {"zone": zone.code}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_directory_renders_booth_zone_and_tags(edition, zone):
    exhibitor = ExhibitorFactory(edition=edition, name_zh_hans="贵州磷化集团", is_china_top_500=True, region="贵州省")
    with_booth(exhibitor, zone, "T-09")
    text = Client().get(url(edition), {"q": "磷化"}).content.decode()
    assert "贵州磷化集团" in text
    assert "T-09" in text and "环保科技展区" in text
    assert text.count('class="badge tag-badge"') == 1


def test_directory_second_page(edition, zone):
    for _n in range(50):
        ExhibitorFactory(edition=edition)
    page = Client().get(url(edition), {"page": 2})
    assert page.status_code == 200
    assert len(page.context["exhibitors"]) == 2


def test_exhibitor_page_in_both_languages(edition, zone):
    exhibitor = ExhibitorFactory(
        edition=edition,
        slug="phosphate",
        name_zh_hans="贵州磷化集团",
        name_en="Guizhou Phosphate Group",
        description_zh_hans="磷化工绿色升级",
        description_en="Green upgrade of phosphate chemistry",
    )
    exhibitor.industries.add(GreenIndustry.objects.get(code="1.1.1"))
    with_booth(exhibitor, zone, "T-07")
    product = ProductFactory(exhibitor=exhibitor, name_zh_hans="磷石膏建材", name_en="Phosphogypsum boards")
    zh = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get(url(edition, "phosphate/"))
    assert zh.status_code == 200
    zh_text = zh.content.decode()
    assert "<h1>贵州磷化集团</h1>" in zh_text
    assert "Guizhou Phosphate Group" in zh_text
    assert f"/{edition.slug}/floorplan/?booth=T-07" in zh_text
    assert "磷石膏建材" in zh_text
    assert f"/{edition.slug}/exhibitors/phosphate/products/{product.pk}/" in zh_text
    en = Client(HTTP_ACCEPT_LANGUAGE="en").get(url(edition, "phosphate/"))
    en_text = en.content.decode()
    assert "<h1>Guizhou Phosphate Group</h1>" in en_text
    assert "Green upgrade of phosphate chemistry" in en_text
    assert "Phosphogypsum boards" in en_text


def test_exhibitor_page_unknown_slug_is_404(edition):
    ExhibitorFactory(slug="elsewhere")  # another edition
    assert Client().get(url(edition, "nobody/")).status_code == 404
    assert Client().get(url(edition, "elsewhere/")).status_code == 404


def test_product_page_shows_the_product_and_refuses_another_exhibitors(edition):
    mine = ExhibitorFactory(edition=edition, slug="mine")
    theirs = ExhibitorFactory(edition=edition, slug="theirs")
    product = ProductFactory(exhibitor=mine, name_zh_hans="节能窗", name_en="Efficient window")
    other = ProductFactory(exhibitor=theirs)
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get(url(edition, f"mine/products/{product.pk}/"))
    assert page.status_code == 200
    assert "<h1>Efficient window</h1>" in page.content.decode()
    assert Client().get(url(edition, f"mine/products/{other.pk}/")).status_code == 404
    assert Client().get(url(edition, "mine/products/999999/")).status_code == 404


def test_exhibitor_page_lists_its_launches(edition):
    from ecoforum.exhibition.models import Launch

    from ..factories import SessionFactory

    exhibitor = ExhibitorFactory(edition=edition, slug="launcher")
    product = ProductFactory(exhibitor=exhibitor, name_en="Solar roof tile")
    session = SessionFactory(edition=edition, title_en="Launch: solar roof tiles", kind="launch")
    launch = Launch.objects.create(session=session, exhibitor=exhibitor)
    launch.products.add(product)
    text = Client(HTTP_ACCEPT_LANGUAGE="en").get(url(edition, "launcher/")).content.decode()
    assert f'<a href="/{edition.slug}/sessions/{session.pk}/">Launch: solar roof tiles</a> · Solar roof tile' in text
