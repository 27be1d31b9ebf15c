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


# --- 1:1 meetings (tests/investment/test_meetings.py) ---------------------------------------------


class AcceptedRequestFactory(factory.django.DjangoModelFactory):
    """An accepted meeting request between a person of the investor and a person of the project's owner."""

    class Meta:
        model = "investment.MeetingRequest"

    edition = factory.SubFactory(EditionFactory)
    investor = factory.SubFactory(InvestorFactory)
    project = factory.SubFactory(InvestmentProjectFactory, edition=factory.SelfAttribute("..edition"))
    investor_person = factory.SubFactory(
        "tests.factories.PersonFactory", organization=factory.SelfAttribute("..investor.organization")
    )
    owner_person = factory.SubFactory(
        "tests.factories.PersonFactory", organization=factory.SelfAttribute("..project.owner")
    )
    requested_by = "investor"
    priority = 2
    status = "accepted"
    expires_at = factory.LazyAttribute(lambda r: _first_of_july(r.edition.year))


def _first_of_july(year: int):
    import datetime as dt

    return dt.datetime(year, 7, 1, tzinfo=dt.UTC)


# --- matchmaking, meeting requests and the portals (test_matching, test_requests, test_portal) -----


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    """A pending request asked by the investor, open for three days from now."""

    class Meta:
        model = "investment.MeetingRequest"

    edition = factory.SubFactory(EditionFactory)
    investor = factory.SubFactory(InvestorFactory)
    project = factory.SubFactory(InvestmentProjectFactory, edition=factory.SelfAttribute("..edition"))
    investor_person = factory.SubFactory(
        "tests.factories.PersonFactory", organization=factory.SelfAttribute("..investor.organization")
    )
    owner_person = factory.SubFactory(
        "tests.factories.PersonFactory", organization=factory.SelfAttribute("..project.owner")
    )
    requested_by = "investor"
    priority = 2
    status = "pending"
    expires_at = factory.LazyFunction(lambda: _now() + _days(3))


def _now():
    from django.utils import timezone

    return timezone.now()


def _days(n: int):
    import datetime as dt

    return dt.timedelta(days=n)


# --- signings (tests/investment/test_signings.py) ---------------------------------------------------


class SigningFactory(factory.django.DjangoModelFactory):
    """A bare signing row on the edition's first day at 15:00 Beijing time; tests of the rules use the services."""

    class Meta:
        model = "investment.Signing"

    edition = factory.SubFactory(EditionFactory)
    title_zh_hans = factory.Sequence(lambda n: f"签约{n}")
    title_en = factory.Sequence(lambda n: f"Signing {n}")
    kind = "new"
    amount = Decimal("100000000.00")
    signed_at = factory.LazyAttribute(lambda s: _first_day_at_three(s.edition))
    stage_order = factory.Sequence(lambda n: n)


class SigningPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "investment.SigningParty"

    signing = factory.SubFactory(SigningFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = "investor"


def _first_day_at_three(edition):
    import datetime as dt

    return dt.datetime.combine(edition.start_date, dt.time(15), tzinfo=edition.tz)
