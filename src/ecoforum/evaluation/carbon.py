"""The carbon footprint of an edition (碳足迹), computed from what the other apps know, never typed in.

:func:`footprint` adds up, each as a line with its quantity, unit, factor and source:

- **travel** of every approved on-site guest, a round trip from the city they travel from
  (``Registration.origin_city``, matched to a :class:`~ecoforum.evaluation.models.Place` by
  its names and aliases in both languages, case ignored) to the venue's city, by the mode of
  their arrival leg (flight, train, car) or, without one, by distance; online guests travel 0;
- **hotel** room-nights of the room allocations (a shared room is counted once);
- **meals** served (the kitchens' counts, ``services.meals``);
- **venue** electricity and natural gas (:class:`~ecoforum.evaluation.models.FootprintInputs`).

A guest whose city does not resolve is counted in ``unresolved`` and given the average
travel of the guests whose city resolved. Figures are ``Decimal``: kilometres to 0.1 km,
each line to 0.1 kg, the total in tonnes to 0.001 t. A constant number of queries (eight)
whatever the number of guests.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import OuterRef, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from haversine import haversine  # type: ignore[import-untyped]

from ecoforum.forums.models import Edition
from ecoforum.services.enums import Attendance, RegistrationStatus, TravelDirection, TravelMode
from ecoforum.services.meals import meal_counts
from ecoforum.services.models import Registration, RoomAllocation, TravelLeg

from . import factors
from .factors import Factor
from .models import FootprintInputs, Place

KM = Decimal("0.1")
KG = Decimal("0.1")
TONNE = Decimal("0.001")


def _q(value: Decimal, step: Decimal) -> Decimal:
    return value.quantize(step, ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One source of emissions: ``quantity`` ``unit`` × ``factor`` kg CO₂e per unit = ``kg``."""

    code: str
    group: str
    label: str | Promise
    quantity: Decimal
    unit: str | Promise
    factor: Decimal
    source: str | Promise
    kg: Decimal


@dataclass(frozen=True)
class Unresolved:
    """A city as guests typed it that matches no place, and how many guests typed it."""

    city: str
    country: str
    guests: int


@dataclass
class Footprint:
    edition: Edition
    venue: Place | None
    lines: list[Line]
    on_site_guests: int
    online_guests: int
    travellers: int
    unresolved: list[Unresolved]
    offset_t: Decimal
    offset_note: str
    method: list[str] = field(default_factory=list)

    @property
    def total_kg(self) -> Decimal:
        return sum((line.kg for line in self.lines), Decimal(0))

    @property
    def total_t(self) -> Decimal:
        return _q(self.total_kg / 1000, TONNE)

    @property
    def net_t(self) -> Decimal:
        """What is left once the offset is taken away (never below zero)."""
        return max(self.total_t - self.offset_t, Decimal(0)).quantize(TONNE)

    @property
    def per_guest_kg(self) -> Decimal | None:
        """Kilograms per approved on-site guest; ``None`` without any."""
        if not self.on_site_guests:
            return None
        return _q(self.total_kg / self.on_site_guests, KG)

    @property
    def unresolved_guests(self) -> int:
        return sum(u.guests for u in self.unresolved)

    def by_group(self) -> list[tuple[str, Decimal]]:
        """kg by source (travel, hotel, meals, venue), in that order, zero groups included."""
        totals: dict[str, Decimal] = dict.fromkeys(GROUPS, Decimal(0))
        for line in self.lines:
            totals[line.group] += line.kg
        return [(code, totals[code]) for code in GROUPS]

    @property
    def factors(self) -> list[Factor]:
        return factors.FACTORS


#: The groups of lines, in order.
GROUPS = ["travel", "hotel", "meals", "venue"]


def group_label(code: str) -> str:
    return {"travel": _("Travel"), "hotel": _("Hotel nights"), "meals": _("Meals"), "venue": _("Venue energy")}[code]


# --- places -------------------------------------------------------------------


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def place_index() -> dict[str, list[Place]]:
    """Every place by each of its names and aliases, in both languages, case and spacing ignored (one query)."""
    index: dict[str, list[Place]] = {}
    for place in Place.objects.order_by("pk"):
        names = {place.name_zh_hans, place.name_en, place.name, *place.aliases.split("|")}
        for name in names:
            if name and name.strip():
                index.setdefault(_key(name), []).append(place)
    return index


def resolve(index: dict[str, list[Place]], city: str, country: str = "") -> Place | None:
    """The place a guest's city names; with several of the same name, the one in the guest's country first."""
    places = index.get(_key(city or ""), [])
    if not places:
        return None
    if country:
        same = [p for p in places if p.country == country.upper()]
        if same:
            return same[0]
    return places[0]


def distance_km(a: Place, b: Place) -> Decimal:
    """Great-circle distance in km, to 0.1 km."""
    km = haversine((float(a.latitude), float(a.longitude)), (float(b.latitude), float(b.longitude)))
    return _q(Decimal(str(km)), KM)


def assumed_mode(km: Decimal) -> str:
    if km < factors.CAR_UNDER_KM:
        return TravelMode.CAR
    if km < factors.TRAIN_UNDER_KM:
        return TravelMode.TRAIN
    return TravelMode.FLIGHT


def venue_of(edition: Edition, inputs: FootprintInputs | None, index: dict[str, list[Place]]) -> Place | None:
    """The venue's city: the organizers' choice, else the edition's city if it names a place."""
    if inputs is not None:
        return inputs.venue
    return resolve(index, edition.city)


# --- the footprint ----------------------------------------------------------------


def footprint(edition: Edition) -> Footprint:
    """The edition's footprint, line by line, with its method (a constant number of queries)."""
    inputs = FootprintInputs.objects.filter(edition=edition).select_related("venue").first()
    index = place_index()
    venue = venue_of(edition, inputs, index)
    arrival = TravelLeg.objects.filter(registration=OuterRef("pk"), direction=TravelDirection.ARRIVAL)
    guests = list(
        Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED)
        .annotate(arrival_mode=Subquery(arrival.values("mode")[:1]))
        .values_list("attendance", "origin_city", "origin_country", "arrival_mode")
        .order_by("pk")
    )
    on_site = [g for g in guests if g[0] == Attendance.ON_SITE]
    online = len(guests) - len(on_site)

    # Travel: passenger-km by factor, round trip.
    pkm: dict[str, Decimal] = {}
    unresolved: Counter[tuple[str, str]] = Counter()
    resolved = 0
    for _attendance, city, country, mode in on_site:
        place = resolve(index, city, country) if venue is not None else None
        if place is None:
            unresolved[(" ".join((city or "").split()), (country or "").upper())] += 1
            continue
        resolved += 1
        km = distance_km(place, venue)  # type: ignore[arg-type]
        mode = mode or assumed_mode(km)
        if mode == TravelMode.FLIGHT:
            factor = factors.flight_factor(km)
            km = _q(km * factors.FLIGHT_DISTANCE_UPLIFT, KM)
        elif mode == TravelMode.TRAIN:
            factor = factors.TRAIN
        else:
            factor = factors.CAR
        pkm[factor.code] = pkm.get(factor.code, Decimal(0)) + 2 * km
    lines: list[Line] = []
    travel_kg = Decimal(0)
    for factor in (factors.FLIGHT_SHORT_HAUL, factors.FLIGHT_LONG_HAUL, factors.TRAIN, factors.CAR):
        if factor.code in pkm:
            kg = _q(pkm[factor.code] * factor.value, KG)
            travel_kg += kg
            lines.append(_line(factor, "travel", pkm[factor.code], kg))
    unresolved_count = sum(unresolved.values())
    if unresolved_count:
        average = _q(travel_kg / resolved, KG) if resolved else Decimal(0)
        lines.append(
            Line(
                "travel_unresolved",
                "travel",
                _("Travel of guests whose city is not known (average of the others)"),
                Decimal(unresolved_count),
                _("guests"),
                average,
                _("The average round trip of the guests whose city was found."),
                _q(average * unresolved_count, KG),
            )
        )

    # Hotel: room-nights, a shared room once.
    nights = Decimal(0)
    for arrival_on, departure_on in RoomAllocation.objects.filter(
        registration__edition=edition, shares_with__isnull=True
    ).values_list("arrival", "departure"):
        nights += (departure_on - arrival_on).days
    if nights:
        lines.append(_line(factors.HOTEL_NIGHT, "hotel", nights, _q(nights * factors.HOTEL_NIGHT.value, KG)))

    # Meals served.
    meals = Decimal(sum(count.total for count in meal_counts(edition)))
    if meals:
        lines.append(_line(factors.MEAL, "meals", meals, _q(meals * factors.MEAL.value, KG)))

    # Venue energy.
    if inputs is not None:
        for factor, quantity in (
            (factors.ELECTRICITY, inputs.venue_electricity_kwh),
            (factors.NATURAL_GAS, inputs.venue_gas_m3),
        ):
            if quantity:
                lines.append(_line(factor, "venue", quantity, _q(quantity * factor.value, KG)))

    result = Footprint(
        edition=edition,
        venue=venue,
        lines=lines,
        on_site_guests=len(on_site),
        online_guests=online,
        travellers=resolved,
        unresolved=[
            Unresolved(city, country, n)
            for (city, country), n in sorted(unresolved.items(), key=lambda i: (-i[1], i[0]))
        ],
        offset_t=inputs.offset_tco2e if inputs is not None else Decimal(0),
        offset_note=inputs.offset_note if inputs is not None else "",
    )
    result.method = method(result)
    return result


def _line(factor: Factor, group: str, quantity: Decimal, kg: Decimal) -> Line:
    return Line(factor.code, group, factor.label, quantity, factor.unit, factor.value, factor.source, kg)


def method(result: Footprint) -> list[str]:
    """How the figure was made, in sentences, in the reader's language."""
    sentences = [
        _(
            "Travel: every approved guest who comes on site makes a round trip from the city they gave when "
            "registering to the venue's city%(venue)s. Guests who follow online travel nothing."
        )
        % {"venue": f" ({result.venue})" if result.venue else ""},
        _(
            "Distance: the great-circle distance between the two cities; a flight's distance is raised by "
            "%(uplift)s %% for indirect routes and holding (DESNZ/DEFRA)."
        )
        % {"uplift": int((factors.FLIGHT_DISTANCE_UPLIFT - 1) * 100)},
        _(
            "Mode: the one of the guest's arrival (flight, train, car); without it, by distance: under "
            "%(car)s km by car, under %(train)s km by train, else by air (long haul from %(long)s km)."
        )
        % {"car": factors.CAR_UNDER_KM, "train": factors.TRAIN_UNDER_KM, "long": factors.LONG_HAUL_FROM_KM},
        _(
            "A city that matches no known place (names and other names, in Chinese or English) is listed as "
            "unresolved; those guests are given the average trip of the guests whose city was found."
        ),
        _("Hotel: the nights of each room given to guests; a room two guests share counts once."),
        _("Meals: every meal served to approved on-site guests, as counted for the kitchens."),
        _("Venue: the electricity and natural gas the organizers entered."),
        _(
            "Each line is its quantity times its emission factor; the total is in tonnes of CO₂ equivalent "
            "(t CO₂e), the figure per guest divides it by the approved on-site guests, and the net figure "
            "takes away what was offset."
        ),
    ]
    if result.venue is None:
        sentences.insert(0, _("The venue's city is not set, so travel is not counted yet."))
    return [str(s) for s in sentences]
