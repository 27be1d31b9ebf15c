"""The key figures of an edition (关键指标), computed from the data of every app, never typed in.

What each figure counts:

- ``guests_on_site`` / ``guests_online``: approved registrations coming on site / following
  online (the online viewers); ``checked_in``: guests admitted at a gate at least once;
- ``countries``: distinct countries of the approved guests: the country they travel from
  (``Registration.origin_country``) when given, else their person's country;
- ``sessions``: sessions scheduled in the published program (the latest release);
- ``experts``: people of the think tank (with an expert profile) who either accepted an
  invitation to the edition, in any role, or have a part in a session of the published
  program; each counted once;
- ``releases``: releases of the edition published and public by now;
- ``exhibitors``: exhibitors of the edition; ``projects``: projects of its investment index;
- ``meetings``: 1:1 meetings held, i.e. confirmed by both sides (``MeetingStatus.CONFIRMED``);
- ``signings`` and ``signed``: signings and the yuan they count by the counting rules
  (``investment.queries.signing_totals``, decision 0012); other currencies are left out;
- ``outcomes``, ``outcomes_landed`` and ``landed``: the outcomes followed, those whose every
  stage is done, and the yuan actually in place (``outcomes.queries.outcome_summary``);
- ``satisfaction`` and ``responses``: the average 1–5 rating of the questions that measure
  satisfaction and how many answers (``evaluation.surveys.satisfaction``);
- ``carbon_t`` and ``carbon_per_guest_kg``: the carbon footprint (``evaluation.carbon``).

:func:`edition_kpis` takes a constant number of queries whatever the size of the edition;
:func:`compare_editions` adds, to each edition, the change against the one before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ecoforum.core.money import Money
from ecoforum.exhibition.models import Exhibitor
from ecoforum.forums.models import Edition
from ecoforum.investment.enums import MeetingStatus
from ecoforum.investment.models import InvestmentProject, Meeting
from ecoforum.investment.queries import signing_totals
from ecoforum.outcomes.enums import Status
from ecoforum.outcomes.queries import outcome_summary
from ecoforum.people.enums import InvitationStatus
from ecoforum.people.models import Person
from ecoforum.program.models import SessionSlot
from ecoforum.program.queries import latest_release
from ecoforum.releases.models import Release
from ecoforum.services.enums import Attendance, RegistrationStatus
from ecoforum.services.models import CheckIn, Registration

from .carbon import Footprint, footprint
from .surveys import satisfaction

#: The figures in the order of the tables: (name, label, unit). Units: "" a count, "money", "rating", "kg", "t".
KPI_FIELDS: list[tuple[str, str | Promise, str]] = [
    ("guests_on_site", _("Guests on site"), ""),
    ("guests_online", _("Online viewers"), ""),
    ("countries", _("Countries and regions"), ""),
    ("checked_in", _("Checked in on site"), ""),
    ("sessions", _("Sessions held"), ""),
    ("experts", _("Experts"), ""),
    ("releases", _("Releases published"), ""),
    ("exhibitors", _("Exhibitors"), ""),
    ("projects", _("Investment projects"), ""),
    ("meetings", _("1:1 meetings held"), ""),
    ("signings", _("Signings"), ""),
    ("signed", _("Amount signed"), "money"),
    ("outcomes", _("Outcomes followed"), ""),
    ("outcomes_landed", _("Outcomes landed"), ""),
    ("landed", _("Amount landed"), "money"),
    ("satisfaction", _("Satisfaction (1–5)"), "rating"),
    ("responses", _("Survey answers"), ""),
    ("carbon_t", _("Carbon footprint (t CO₂e)"), "t"),
    ("carbon_per_guest_kg", _("Carbon per guest on site (kg CO₂e)"), "kg"),
]
KPI_LABELS = {name: label for name, label, _unit in KPI_FIELDS}
KPI_UNITS = {name: unit for name, _label, unit in KPI_FIELDS}
PERCENT = Decimal("0.1")


@dataclass
class Kpis:
    """The figures of one edition; ``changes`` holds the change in % against the previous edition."""

    edition: Edition
    guests_on_site: int = 0
    guests_online: int = 0
    countries: int = 0
    checked_in: int = 0
    sessions: int = 0
    experts: int = 0
    releases: int = 0
    exhibitors: int = 0
    projects: int = 0
    meetings: int = 0
    signings: int = 0
    signed: Money = field(default_factory=lambda: Money(Decimal(0)))
    outcomes: int = 0
    outcomes_landed: int = 0
    landed: Money = field(default_factory=lambda: Money(Decimal(0)))
    satisfaction: Decimal | None = None
    responses: int = 0
    carbon_t: Decimal = Decimal(0)
    carbon_per_guest_kg: Decimal | None = None
    changes: dict[str, Decimal | None] = field(default_factory=dict)
    #: The footprint the carbon figures come from, for pages that show it in full.
    carbon: Footprint | None = field(default=None, repr=False, compare=False)

    @property
    def guests(self) -> int:
        return self.guests_on_site + self.guests_online

    def number(self, name: str) -> Decimal | int | None:
        """The figure as a number (money as its amount), for charts and changes."""
        value = getattr(self, name)
        return value.amount if isinstance(value, Money) else value

    def display(self, name: str) -> str:
        """The figure as the reader sees it: 160亿元, 4.3, 512.4 …; an em dash when there is none."""
        value = getattr(self, name)
        if value is None:
            return "—"
        if isinstance(value, Money):
            return value.format()
        if isinstance(value, Decimal):
            return f"{value:,}"
        return f"{value:,}"

    def rows(self) -> list[dict[str, Any]]:
        """One dict per figure (name, label, unit, value, display, change) in the order of :data:`KPI_FIELDS`."""
        return [
            {
                "name": name,
                "label": label,
                "unit": unit,
                "value": self.number(name),
                "display": self.display(name),
                "change": self.changes.get(name),
            }
            for name, label, unit in KPI_FIELDS
        ]


def _experts(edition: Edition, release_id: int | None) -> int:
    in_program = Q(session_roles__session__slots__release_id=release_id) if release_id else Q(pk__in=[])
    accepted = Q(invitations__edition=edition, invitations__status=InvitationStatus.ACCEPTED)
    return Person.objects.filter(expert_profile__isnull=False).filter(accepted | in_program).distinct().count()


def edition_kpis(edition: Edition, *, public_only: bool = False) -> Kpis:
    """Every figure of ``edition``; ``public_only`` counts only the outcomes shown to the public."""
    approved = Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED)
    guests = approved.aggregate(
        on_site=Count("pk", filter=Q(attendance=Attendance.ON_SITE)),
        online=Count("pk", filter=Q(attendance=Attendance.ONLINE)),
    )
    countries = (
        approved.annotate(from_country=Coalesce(NullIf(F("origin_country"), Value("")), F("person__country")))
        .order_by()
        .values("from_country")
        .distinct()
        .count()
    )
    release = latest_release(edition)
    sessions = (
        SessionSlot.objects.filter(release=release, start__isnull=False, room__isnull=False).count() if release else 0
    )
    totals = signing_totals(edition)
    summary = outcome_summary(edition, public_only=public_only)
    rating, responses = satisfaction(edition)
    carbon = footprint(edition)
    return Kpis(
        edition=edition,
        guests_on_site=guests["on_site"],
        guests_online=guests["online"],
        countries=countries,
        checked_in=CheckIn.objects.filter(registration__edition=edition)
        .order_by()
        .values("registration_id")
        .distinct()
        .count(),
        sessions=sessions,
        experts=_experts(edition, release.pk if release else None),
        releases=Release.objects.filter(edition=edition, is_published=True, released_at__lte=timezone.now()).count(),
        exhibitors=Exhibitor.objects.filter(edition=edition).count(),
        projects=InvestmentProject.objects.filter(edition=edition).count(),
        meetings=Meeting.objects.filter(edition=edition, status=MeetingStatus.CONFIRMED).count(),
        signings=totals.count,
        signed=totals.counted,
        outcomes=summary.count,
        outcomes_landed=summary.by_status.get(Status.DONE, 0),
        landed=summary.landed,
        satisfaction=rating.quantize(Decimal("0.01"), ROUND_HALF_UP) if rating is not None else None,
        responses=responses,
        carbon_t=carbon.total_t,
        carbon_per_guest_kg=carbon.per_guest_kg,
        carbon=carbon,
    )


def change(current: Decimal | int | None, previous: Decimal | int | None) -> Decimal | None:
    """The change from ``previous`` to ``current`` in %, to 0.1; ``None`` without both or when ``previous`` is 0."""
    if current is None or previous is None or previous == 0:
        return None
    return (Decimal(current - previous) * 100 / Decimal(previous)).quantize(PERCENT, ROUND_HALF_UP)


def with_changes(kpis: list[Kpis]) -> list[Kpis]:
    """Set each edition's ``changes`` against the one before it in the list."""
    previous: Kpis | None = None
    for current in kpis:
        current.changes = {
            name: change(current.number(name), previous.number(name)) if previous is not None else None
            for name, _label, _unit in KPI_FIELDS
        }
        previous = current
    return kpis


def compare_editions(editions: list[Edition] | Any, *, public_only: bool = False) -> list[Kpis]:
    """The figures of each edition, oldest first, each with its change in % against the edition before."""
    ordered = sorted(editions, key=lambda e: (e.start_date, e.pk))
    return with_changes([edition_kpis(edition, public_only=public_only) for edition in ordered])


def editions_to_compare(edition: Edition, *, public_only: bool = False) -> list[Edition]:
    """Every edition of ``edition``'s forum (the public ones and itself, for the public), oldest first."""
    editions = Edition.objects.filter(forum_id=edition.forum_id)
    if public_only:
        editions = editions.filter(Q(is_public=True) | Q(pk=edition.pk))
    return list(editions.select_related("forum").order_by("start_date", "pk"))


def kpis_with_previous(edition: Edition, *, public_only: bool = False) -> tuple[Kpis, list[Kpis]]:
    """The edition's figures with their change against the previous edition, and every edition's figures."""
    compared = compare_editions(editions_to_compare(edition, public_only=public_only), public_only=public_only)
    current = next(k for k in compared if k.edition.pk == edition.pk)
    return current, compared
