"""factory_boy factories for the exhibition (each area appends what it needs)."""

from __future__ import annotations

from decimal import Decimal

import factory

from ecoforum.exhibition.models import Booth, Exhibitor, Hall, Zone

from ..factories import EditionFactory, OrganizationFactory


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"H{n}")
    name_zh_hans = factory.Sequence(lambda n: f"{n}号馆")
    name_en = factory.Sequence(lambda n: f"Hall {n}")
    width = Decimal("120")
    depth = Decimal("80")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    edition = factory.SubFactory(EditionFactory)
    hall = factory.SubFactory(HallFactory, edition=factory.SelfAttribute("..edition"))
    code = factory.Sequence(lambda n: f"Z{n}")
    name_zh_hans = factory.Sequence(lambda n: f"展区{n}")
    name_en = factory.Sequence(lambda n: f"Zone {n}")


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    edition = factory.SubFactory(EditionFactory)
    zone = factory.SubFactory(ZoneFactory, edition=factory.SelfAttribute("..edition"))
    code = factory.Sequence(lambda n: f"A-{n:03d}")
    area = Decimal("9")
    x = factory.Sequence(lambda n: Decimal(3 * (n % 30)))
    y = factory.Sequence(lambda n: Decimal(3 * (n // 30)))
    width = Decimal("3")
    depth = Decimal("3")


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    edition = factory.SubFactory(EditionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    slug = factory.Sequence(lambda n: f"exhibitor-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"绿色科技{n}有限公司")
    name_en = factory.Sequence(lambda n: f"Green Tech {n} Co., Ltd.")


# --- exhibitor portal and booth applications -------------------------------------------------

from ecoforum.exhibition.enums import ApplicationStatus, BoothKind, StaffRole  # noqa: E402
from ecoforum.exhibition.models import BoothApplication, ExhibitorStaff, Product  # noqa: E402

from ..factories import PersonFactory  # noqa: E402


class ExhibitorStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExhibitorStaff

    exhibitor = factory.SubFactory(ExhibitorFactory)
    person = factory.SubFactory(PersonFactory)
    role = StaffRole.MANAGER
    needs_badge = True


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    exhibitor = factory.SubFactory(ExhibitorFactory)
    name_zh_hans = factory.Sequence(lambda n: f"节能产品{n}")
    name_en = factory.Sequence(lambda n: f"Energy-saving product {n}")


class BoothApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BoothApplication

    edition = factory.SubFactory(EditionFactory)
    exhibitor = factory.SubFactory(ExhibitorFactory, edition=factory.SelfAttribute("..edition"))
    zone = factory.SubFactory(ZoneFactory, edition=factory.SelfAttribute("..edition"))
    kind = BoothKind.SHELL
    area = Decimal("9")
    status = ApplicationStatus.SUBMITTED


# --- field visits and launches ---------------------------------------------------------------

import datetime as _dt  # noqa: E402

from django.utils import timezone as _timezone  # noqa: E402

from ecoforum.exhibition.models import RouteStop, Site, VisitRoute  # noqa: E402


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    edition = factory.SubFactory(EditionFactory)
    slug = factory.Sequence(lambda n: f"site-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"生态示范点{n}")
    name_en = factory.Sequence(lambda n: f"Eco demonstration site {n}")
    demonstrates_zh_hans = "石漠化综合治理"
    demonstrates_en = "Rocky desertification control"
    address = "贵州省安顺市"
    latitude = Decimal("26.245000")
    longitude = Decimal("105.932000")


class VisitRouteFactory(factory.django.DjangoModelFactory):
    """A route departing tomorrow (in the future, so it takes sign-ups)."""

    class Meta:
        model = VisitRoute

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"R{n}")
    name_zh_hans = factory.Sequence(lambda n: f"考察线路{n}")
    name_en = factory.Sequence(lambda n: f"Visit route {n}")
    departs_at = factory.LazyFunction(lambda: _timezone.now() + _dt.timedelta(days=1))
    returns_at = factory.LazyAttribute(lambda r: r.departs_at + _dt.timedelta(hours=5))
    meeting_point_zh_hans = "会议中心北广场"
    meeting_point_en = "North square of the conference centre"
    capacity = 5


class RouteStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStop

    route = factory.SubFactory(VisitRouteFactory)
    site = factory.SubFactory(SiteFactory, edition=factory.SelfAttribute("..route.edition"))
    order = factory.Sequence(lambda n: n)
