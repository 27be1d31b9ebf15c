"""Builders for the KPI and footprint tests: guests with a city, travel, rooms, meals, footprint inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ecoforum.evaluation.models import FootprintInputs, Place
from ecoforum.services.models import RoomAllocation

from ..services.factories import (
    GuestCategoryFactory,
    HotelFactory,
    MealFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    StationFactory,
    TravelLegFactory,
)


def place(name_en: str) -> Place:
    return Place.objects.get(name_en=name_en)


def guest_form(edition, *, online: bool = False):
    category = GuestCategoryFactory(edition=edition, attendance="online" if online else "on_site")
    return RegistrationFormFactory(edition=edition, category=category)


def guest(edition, form, city: str = "", *, country: str = "", mode: str | None = None, **kwargs):
    """An approved guest of ``form`` travelling from ``city``, arriving by ``mode`` (no travel leg when None)."""
    registration = RegistrationFactory(edition=edition, form=form, origin_city=city, origin_country=country, **kwargs)
    if mode is not None:
        station = StationFactory(edition=edition)
        TravelLegFactory(registration=registration, mode=mode, station=station)
    return registration


def room(registration, *, nights: int, shares_with: RoomAllocation | None = None, hotel=None) -> RoomAllocation:
    """A room from the eve of the forum for ``nights`` nights (sharing ``shares_with``'s room when given)."""
    arrival = registration.edition.start_date - dt.timedelta(days=1)
    return RoomAllocation.objects.create(
        registration=registration,
        hotel=hotel or (shares_with.hotel if shares_with else HotelFactory(edition=registration.edition)),
        room_type="twin",
        arrival=arrival,
        departure=arrival + dt.timedelta(days=nights),
        shares_with=shares_with,
    )


def meals(edition, category, count: int) -> list:
    made = []
    for n in range(count):
        meal = MealFactory(
            edition=edition, starts_at=dt.datetime.combine(edition.start_date, dt.time(12 + n), edition.tz)
        )
        meal.categories.set([category])
        made.append(meal)
    return made


def inputs(edition, *, venue: str = "Guiyang", kwh: str = "0", gas: str = "0", offset: str = "0") -> FootprintInputs:
    return FootprintInputs.objects.create(
        edition=edition,
        venue=place(venue),
        venue_electricity_kwh=Decimal(kwh),
        venue_gas_m3=Decimal(gas),
        offset_tco2e=Decimal(offset),
    )


# --- an edition with known figures (test_kpis.py) ---------------------------------------------


def build_edition(edition, k: int, *, kwh: str = "1000") -> None:
    """``k`` of every counted thing of ``edition`` plus one of each kind that must not count.

    Counts: guests on site k (+1 pending), online k, countries 2 (CN, and FR for one guest), checked in k,
    sessions k (+1 unscheduled, +k in the draft), experts k speakers + 1 invited (+1 declined, +1 speaker without
    a profile), releases k (+1 unpublished, +1 not yet public), exhibitors k, projects k, meetings held k (+1 draft),
    signings k of ¥100,000,000, outcomes k landed with ¥50,000,000 in place + 1 initiative on track,
    satisfaction answers k rated 4 and (for k > 1) one rated 5 more, venue electricity ``kwh``.
    """
    from django.utils import timezone

    from ecoforum.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
    from ecoforum.investment.models import Meeting, MeetingSlot, NegotiationTable
    from ecoforum.outcomes.models import Outcome, Stage
    from ecoforum.people.models import Invitation
    from ecoforum.program.models import ProgramRelease, SessionSlot
    from ecoforum.services.models import CheckIn

    from ..exhibition.factories import ExhibitorFactory
    from ..factories import (
        ExpertProfileFactory,
        PersonFactory,
        RoomFactory,
        SessionFactory,
        SessionPersonFactory,
        VenueFactory,
    )
    from ..investment.factories import AcceptedRequestFactory, InvestmentProjectFactory, SigningFactory
    from ..outcomes.factories import OutcomeFactory
    from ..releases.factories_releases import ReleaseFactory
    from ..services.factories import GateFactory

    now = timezone.now()
    day = edition.start_date
    # Guests.
    on_site, online = guest_form(edition), guest_form(edition, online=True)
    guests = [guest(edition, on_site, "Chengdu", mode="train") for _ in range(k)]
    guests[0].origin_country = "FR"
    guests[0].save(update_fields=["origin_country"])
    guest(edition, on_site, "Beijing", status="pending")
    for _ in range(k):
        guest(edition, online, "Beijing")
    gate = GateFactory(edition=edition)
    for registration in guests:
        CheckIn.objects.create(registration=registration, gate=gate, day=day, scanned_at=now)
    # Program.
    room_ = RoomFactory(venue=VenueFactory(edition=edition))
    published = ProgramRelease.objects.create(edition=edition, version="1.0", published_at=now)
    draft = ProgramRelease.objects.create(edition=edition, version=None)
    start = dt.datetime.combine(day, dt.time(9), edition.tz)
    for n in range(k):
        session = SessionFactory(edition=edition)
        expert = PersonFactory()
        ExpertProfileFactory(person=expert)
        SessionPersonFactory(session=session, person=expert)
        SessionPersonFactory(session=session, person=PersonFactory())  # a speaker who is not an expert
        when = start + dt.timedelta(hours=n)
        SessionSlot.objects.create(
            release=published, session=session, room=room_, start=when, end=when + dt.timedelta(minutes=50)
        )
        SessionSlot.objects.create(
            release=draft, session=session, room=room_, start=when, end=when + dt.timedelta(minutes=50)
        )
    SessionSlot.objects.create(release=published, session=SessionFactory(edition=edition))
    for status in ("accepted", "declined"):
        invited = PersonFactory()
        ExpertProfileFactory(person=invited)
        Invitation.objects.create(edition=edition, person=invited, role="expert", status=status)
    # Releases, exhibitors, projects.
    for _ in range(k):
        ReleaseFactory(edition=edition)
        ExhibitorFactory(edition=edition)
    ReleaseFactory(edition=edition, is_published=False)
    ReleaseFactory(edition=edition, released_at=now + dt.timedelta(days=30))
    projects = [InvestmentProjectFactory(edition=edition) for _ in range(k)]
    # Meetings.
    for n in range(k + 1):
        request = AcceptedRequestFactory(edition=edition, project=projects[0])
        slot = MeetingSlot.objects.create(
            edition=edition,
            code=f"s{n}",
            starts_at=start + dt.timedelta(minutes=20 * n),
            ends_at=start + dt.timedelta(minutes=20 * n + 20),
        )
        table = NegotiationTable.objects.create(edition=edition, number=n + 1)
        Meeting.objects.create(
            edition=edition, request=request, slot=slot, table=table, status="confirmed" if n < k else "draft"
        )
    # Signings and outcomes.
    for n, project in enumerate(projects):
        signing = SigningFactory(edition=edition, project=project, amount=Decimal("100000000.00"))
        outcome = Outcome.objects.create(
            edition=edition,
            code=f"CG-{edition.year}-{n:03d}",
            kind="signing",
            signing=signing,
            title_zh_hans="签约项目",
            title_en="Signed project",
            responsible_unit=project.owner,
            currency="CNY",
        )
        for order, kind in enumerate(("signed", "started", "in_production", "funds_in"), start=1):
            done_on = day + dt.timedelta(days=30 * order)
            Stage.objects.create(
                outcome=outcome,
                kind=kind,
                order=order,
                planned_on=done_on,
                actual_on=done_on,
                actual_amount=Decimal("50000000.00") if kind == "funds_in" else None,
            )
    initiative = OutcomeFactory(edition=edition)
    Stage.objects.create(
        outcome=initiative, kind="milestone", order=1, planned_on=dt.date.today() + dt.timedelta(days=365)
    )
    # Satisfaction.
    survey = Survey.objects.create(
        edition=edition,
        slug="guests",
        title_zh_hans="满意度调查",
        title_en="Satisfaction survey",
        opens_at=now - dt.timedelta(days=10),
        closes_at=now + dt.timedelta(days=10),
        is_published=True,
    )
    question = SurveyQuestion.objects.create(
        survey=survey,
        order=1,
        kind="rating",
        label_zh_hans="总体满意度",
        label_en="Overall",
        measures_satisfaction=True,
    )
    ratings = [4] * k + ([5] if k > 1 else [])
    for n, rating in enumerate(ratings):
        response = SurveyResponse.objects.create(survey=survey, respondent_key=f"key-{n}")
        SurveyAnswer.objects.create(response=response, question=question, number=rating)
    inputs(edition, kwh=kwh)
