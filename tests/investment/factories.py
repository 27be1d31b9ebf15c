"""factory_boy factories for green investment."""

from __future__ import annotations

from decimal import Decimal

import factory

from ecoforum.investment.models import GreenIndustry, InvestmentProject, Investor

from ..factories import EditionFactory, OrganizationFactory


def entry(code: str) -> GreenIndustry:
    """The catalogue's entry with this code (every test database carries the catalogue)."""
    return GreenIndustry.objects.get(code=code)


class InvestmentProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentProject

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"GZ-{n:03d}")
    name_zh_hans = factory.Sequence(lambda n: f"绿色项目{n}")
    name_en = factory.Sequence(lambda n: f"Green project {n}")
    province = "贵州省"
    city = "贵阳市"
    county = "观山湖区"
    industry = factory.LazyFunction(lambda: entry("1.1.1"))
    investment_sought = Decimal("100000000.00")
    owner = factory.SubFactory(OrganizationFactory)


class InvestorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Investor

    organization = factory.SubFactory(OrganizationFactory)
