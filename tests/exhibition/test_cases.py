"""The practice-innovation platform's cases: /cases/ (filters, pages, constant queries) and a case."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ecoforum.exhibition.models import PracticeCase
from ecoforum.investment.models import GreenIndustry

from ..factories import EditionFactory, OrganizationFactory
from .factories import SiteFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def make_case(n: int, *, site=None, **fields) -> PracticeCase:
    values = {
        "slug": f"case-{n}",
        "kind": "site",
        "title_zh_hans": f"实践案例{n}",
        "title_en": f"Practice case {n}",
        "summary_zh_hans": "摘要",
        "summary_en": "A summary",
        "region_zh_hans": "贵州",
        "region_en": "Guizhou",
        "year": 2023,
        "site": site,
        **fields,
    }
    return PracticeCase.objects.create(**values)


@pytest.mark.parametrize("size", [1, 3])
def test_case_list_constant_queries_with_sites_and_map_links(client, edition, size, django_assert_max_num_queries):
    for n in range(size):
        site = SiteFactory(edition=edition, latitude=Decimal("26.5"), longitude=Decimal("106.7"), map_url="")
        make_case(n, site=site)
    make_case(99, is_public=False, title_en="Unpublished case")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("cases:cases"), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="case-card card"') == size
    assert page.count("https://www.openstreetmap.org/?mlat=26.500000&amp;mlon=106.700000") == size
    assert "Unpublished case" not in page


def test_case_list_filters_by_kind_region_and_year(client, db):
    make_case(1, kind="institution", year=2023)
    make_case(2, kind="site", year=2023)
    make_case(3, kind="institution", year=2019, region_en="Yunnan", region_zh_hans="云南")
    page = client.get(reverse("cases:cases"), {"kind": "institution", "region": "Guizhou", "year": "2023"}, **EN)
    text = page.content.decode()
    assert text.count('class="case-card card"') == 1
    assert 'id="case-case-1"' in text


def test_case_list_ignores_malformed_filters(client, db):
    make_case(1)
    response = client.get(reverse("cases:cases"), {"kind": "<x>", "year": "abc", "page": "999"}, **EN)
    assert response.status_code == 200
    assert response.content.decode().count('class="case-card card"') == 1


def test_case_list_paginates(client, db):
    for n in range(14):
        make_case(n)
    first = client.get(reverse("cases:cases"), **EN).content.decode()
    second = client.get(reverse("cases:cases"), {"page": 2}, **EN).content.decode()
    assert (first.count('class="case-card card"'), second.count('class="case-card card"')) == (12, 2)
    assert "Page 1 of 2" in first


def test_case_page_in_both_languages_with_site_organizations_and_industries(client, db):
    edition = EditionFactory(year=2023)
    site = SiteFactory(
        edition=edition,
        name_zh_hans="花溪十里河滩",
        name_en="Huaxi Shili River Beach",
        demonstrates_en="Wetland restoration",
    )
    case = make_case(
        1,
        site=site,
        edition=edition,
        kind="institution",
        title_zh_hans="贵州省绿色气候基金会成立",
        title_en="Founding of the Guizhou Green Climate Foundation",
        body_en="The foundation was founded in 2023.",
    )
    case.organizations.add(OrganizationFactory(name_en="Guizhou Green Climate Foundation"))
    case.industries.add(GreenIndustry.objects.order_by("code").first())
    english = client.get(reverse("cases:case", kwargs={"slug": case.slug}), **EN).content.decode()
    chinese = client.get(reverse("cases:case", kwargs={"slug": case.slug})).content.decode()
    assert "<h1>Founding of the Guizhou Green Climate Foundation</h1>" in english
    assert "Huaxi Shili River Beach" in english and "Wetland restoration" in english
    assert "Guizhou Green Climate Foundation</li>" in english
    assert "The foundation was founded in 2023." in english
    assert "<h1>贵州省绿色气候基金会成立</h1>" in chinese


def test_unpublished_or_unknown_case_is_404(client, db):
    hidden = make_case(1, is_public=False)
    assert client.get(reverse("cases:case", kwargs={"slug": hidden.slug})).status_code == 404
    assert client.get(reverse("cases:case", kwargs={"slug": "nope"})).status_code == 404
