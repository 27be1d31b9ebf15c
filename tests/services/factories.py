"""factory_boy factories for the guest services (each area appends what it needs)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from ecoforum.core.crypto import blind_index
from ecoforum.services.enums import Attendance, RegistrationStatus
from ecoforum.services.models import Gate, GuestCategory, Hotel, Registration, RegistrationForm, Station, Vehicle

from ..factories import EditionFactory, PersonFactory


class GuestCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GuestCategory

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"guests-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"嘉宾{n}")
    name_en = factory.Sequence(lambda n: f"Guests {n}")
    attendance = Attendance.ON_SITE
    needs_approval = True
    capacity = None


class RegistrationFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationForm

    edition = factory.SubFactory(EditionFactory)
    category = factory.SubFactory(GuestCategoryFactory, edition=factory.SelfAttribute("..edition"))
    slug = factory.Sequence(lambda n: f"form-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"嘉宾报名{n}")
    title_en = factory.Sequence(lambda n: f"Guest registration {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """An approved registration (status and the rest can be overridden)."""

    class Meta:
        model = Registration

    edition = factory.SubFactory(EditionFactory)
    form = factory.SubFactory(RegistrationFormFactory, edition=factory.SelfAttribute("..edition"))
    category = factory.SelfAttribute("form.category")
    person = factory.SubFactory(PersonFactory)
    status = RegistrationStatus.APPROVED
    attendance = factory.SelfAttribute("category.attendance")
    email = factory.Sequence(lambda n: f"guest{n}@example.org")
    email_key = factory.LazyAttribute(lambda r: blind_index(r.email.lower(), "email"))
    phone = factory.Sequence(lambda n: f"+86 138 0000 {n:04d}")
    decided_at = factory.LazyFunction(timezone.now)


class GateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gate

    edition = factory.SubFactory(EditionFactory)
    code = factory.Sequence(lambda n: f"gate-{n}")
    name_zh_hans = factory.Sequence(lambda n: f"{n}号入口")
    name_en = factory.Sequence(lambda n: f"Gate {n}")


class HotelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hotel

    edition = factory.SubFactory(EditionFactory)
    name_zh_hans = factory.Sequence(lambda n: f"贵阳生态酒店{n}")
    name_en = factory.Sequence(lambda n: f"Guiyang Eco Hotel {n}")


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    edition = factory.SubFactory(EditionFactory)
    name_zh_hans = "贵阳龙洞堡国际机场"
    name_en = "Guiyang Longdongbao International Airport"


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"贵A·{n:05d}")
    seats = 7


def edition_day(edition, day: int = 0, hour: int = 9) -> dt.datetime:
    """A time on a day of the edition (its first day plus ``day``), in the forum's time zone."""
    return dt.datetime.combine(edition.start_date + dt.timedelta(days=day), dt.time(hour), tzinfo=edition.tz)


# --- badges and check-in --------------------------------------------------------------------------


def committee_user(edition, role: str):
    """A user on the edition's committee in ``role`` (``gate_staff``, ``guest_services``, ``staff`` …)."""
    from ..factories import CommitteeMemberFactory, UserFactory

    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=role)
    return user


# --- hotels, transport, meals (logistics) ----------------------------------------------------


class RoomBlockFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.RoomBlock"

    hotel = factory.SubFactory(HotelFactory)
    night = factory.LazyAttribute(lambda b: b.hotel.edition.start_date)
    room_type = "single"
    rooms = 10


class TravelLegFactory(factory.django.DjangoModelFactory):
    """An arrival by air at 10:00 the day before the forum (override direction, station, at …)."""

    class Meta:
        model = "services.TravelLeg"

    registration = factory.SubFactory(RegistrationFactory)
    direction = "arrival"
    mode = "flight"
    number = factory.Sequence(lambda n: f"CZ{3400 + n}")
    station = factory.SubFactory(StationFactory, edition=factory.SelfAttribute("..registration.edition"))
    at = factory.LazyAttribute(lambda leg: edition_day(leg.registration.edition, -1, 10))
    needs_pickup = True


class PickupRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.PickupRun"

    edition = factory.SubFactory(EditionFactory)
    vehicle = factory.SubFactory(VehicleFactory, edition=factory.SelfAttribute("..edition"))
    station = factory.SubFactory(StationFactory, edition=factory.SelfAttribute("..edition"))
    direction = "arrival"
    departs_at = factory.LazyAttribute(lambda run: edition_day(run.edition, -1, 11))


class MealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.Meal"

    edition = factory.SubFactory(EditionFactory)
    name_zh_hans = factory.Sequence(lambda n: f"午餐{n}")
    name_en = factory.Sequence(lambda n: f"Lunch {n}")
    kind = "lunch"
    starts_at = factory.LazyAttribute(lambda meal: edition_day(meal.edition, 0, 12))
    venue_zh_hans = "国际生态会议中心"
    venue_en = "International Eco-Conference Center"
