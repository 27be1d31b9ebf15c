"""Reads of the floor plan: each hall of an edition with its zones and booths, what state each booth
is in (free, reserved, confirmed) and who holds it, in a fixed number of queries (four) whatever
the number of booths: halls, zones, booths with their holding application and exhibitor, and the
exhibitors' industries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from ecoforum.forums.models import Edition

from .enums import ApplicationStatus
from .models import HOLDING, Booth, BoothApplication, Exhibitor, Hall, Zone

FREE = "free"
RESERVED = "reserved"
CONFIRMED = "confirmed"
BLOCKED = "blocked"


@dataclass
class PlanBooth:
    booth: Booth
    zone: Zone
    status: str
    exhibitor_name: str = ""
    exhibitor_slug: str = ""
    industries: list[str] = field(default_factory=list)
    #: Set by the page: the exhibitor's address, and whether a filter dims the booth.
    url: str = ""
    dim: bool = False

    @property
    def code(self) -> str:
        return self.booth.code

    @property
    def points(self) -> str:
        """The outline as SVG ``points``, or "" for a rectangle."""
        return " ".join(f"{x:g},{y:g}" for x, y in self.booth.outline or [])

    @property
    def label_x(self) -> Decimal:
        return self.booth.x + self.booth.width / 2

    @property
    def label_y(self) -> Decimal:
        return self.booth.y + self.booth.depth / 2

    @property
    def font_size(self) -> Decimal:
        """Small enough for the code to fit the booth, in metres."""
        side = min(self.booth.width, self.booth.depth * 2)
        return max(min(side / Decimal("4.2"), Decimal("1.2")), Decimal("0.35"))

    @property
    def label_transform(self) -> dict[str, str]:
        """The label's position and size a hundred times larger, drawn with ``scale(0.01)``: browsers with a
        minimum font size (Chromium in Chinese has one) would otherwise blow up a label a metre high."""
        return {
            "x": f"{self.label_x * 100:.0f}",
            "y": f"{self.label_y * 100:.0f}",
            "size": f"{self.font_size * 100:.0f}",
        }

    @property
    def is_taken(self) -> bool:
        return self.status in (RESERVED, CONFIRMED)


@dataclass
class PlanHall:
    hall: Hall
    zones: list[Zone]
    booths: list[PlanBooth]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.hall.width.normalize():f} {self.hall.depth.normalize():f}"

    def counts(self) -> dict[str, int]:
        counts = {FREE: 0, RESERVED: 0, CONFIRMED: 0, BLOCKED: 0}
        for booth in self.booths:
            counts[booth.status] += 1
        return counts


def floor_plan(edition: Edition) -> list[PlanHall]:
    """The plan of every hall of ``edition`` in hall order; booths in code order."""
    halls = list(Hall.objects.filter(edition=edition).order_by("order", "code"))
    zones = list(Zone.objects.filter(edition=edition).order_by("order", "code"))
    holding = BoothApplication.objects.filter(status__in=HOLDING).select_related("exhibitor")
    booths = list(
        Booth.objects.filter(edition=edition)
        .order_by("code")
        .prefetch_related(
            Prefetch("applications", queryset=holding, to_attr="holding"),
        )
    )
    exhibitor_ids = {a.exhibitor_id for booth in booths for a in booth.holding}
    industries: dict[int, list[str]] = {}
    if exhibitor_ids:
        through = Exhibitor.industries.through
        for exhibitor_id, code in through.objects.filter(exhibitor_id__in=exhibitor_ids).values_list(
            "exhibitor_id", "greenindustry__code"
        ):
            level_1 = code.split(".")[0]
            codes = industries.setdefault(exhibitor_id, [])
            if level_1 not in codes:
                codes.append(level_1)
    zones_by_pk = {zone.pk: zone for zone in zones}
    by_hall: dict[int, list[PlanBooth]] = {hall.pk: [] for hall in halls}
    for booth in booths:
        zone = zones_by_pk[booth.zone_id]
        holder = booth.holding[0] if booth.holding else None
        if holder is not None:
            status = CONFIRMED if holder.status == ApplicationStatus.CONFIRMED else RESERVED
            item = PlanBooth(
                booth,
                zone,
                status,
                exhibitor_name=holder.exhibitor.name,
                exhibitor_slug=holder.exhibitor.slug,
                industries=sorted(industries.get(holder.exhibitor_id, [])),
            )
        else:
            item = PlanBooth(booth, zone, BLOCKED if booth.is_blocked else FREE)
        by_hall.setdefault(zone.hall_id, []).append(item)
    return [
        PlanHall(hall, [zone for zone in zones if zone.hall_id == hall.pk], by_hall.get(hall.pk, [])) for hall in halls
    ]
