"""Reads of the outcomes that the pages, the API and the report share.

Every list comes with what it shows already fetched (responsible unit, industry and its
parents, signing, stages, contacts), so a page of 1 or 300 outcomes costs the same few
queries. Status is computed (``outcomes.status``) for a local day ``today``; pass
:func:`~ecoforum.outcomes.status.today_in` of the edition, or leave ``today=None`` for
this moment in the edition's time zone.

Access functions (:func:`outcome_for`, :func:`stage_for`, :func:`evidence_for`) raise the
same :class:`~.exceptions.UnknownOutcome` for "missing" and "not yours".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from ecoforum.core.models import AuditEntry
from ecoforum.core.money import Money
from ecoforum.forums.models import Edition
from ecoforum.investment.models import GreenIndustry
from ecoforum.investment.queries import counted_signings
from ecoforum.people.models import Organization, Person

from .enums import OutcomeKind, OutcomeState, StageKind, Status
from .exceptions import UnknownOutcome
from .models import Evidence, Outcome, Stage
from .rules import reporting_scope_of
from .status import DUE_SOON_DAYS, days_late, next_stage, outcome_status, today_in

#: Permissions :func:`outcome_for` understands; ``"view"`` is "may see it" (public, or one of the others).
VIEW = "view"
PERMS = (VIEW, "outcomes.view_dashboard", "outcomes.manage_outcomes", "outcomes.report_on_outcome")


@dataclass
class OutcomeRow:
    """An outcome as a list shows it: its status today, its next open stage, and how late its latest stage is."""

    outcome: Outcome
    status: Status
    next_stage: Stage | None
    days_late: int


@dataclass
class OutcomeSummary:
    """The edition's outcomes in figures (see :func:`outcome_summary`).

    ``signed`` is what the followed signings count by the counting rules of signings
    (docs/decisions/0012), in yuan; ``landed`` the actual amounts of the funds-in stages
    done, in yuan. ``conversion`` is the share of signed projects in production (``None``
    with no signed project); ``conversion_by_amount`` the same weighted by counted yuan.
    ``by_industry`` pairs a level-1 industry of the catalogue (``None``: no industry) with
    signed and landed yuan, ``by_region`` a city (or province; ``""`` when unknown) with
    the same, largest signed first. ``other_currencies`` holds what is signed in other
    currencies, ``other_landed`` what landed in them, never converted.
    """

    count: int
    by_status: dict[str, int]
    by_kind: dict[str, int]
    signed: Money
    landed: Money
    signed_projects: int
    started: int
    in_production: int
    funds_in: int
    conversion: Decimal | None
    conversion_by_amount: Decimal | None
    by_industry: list[tuple[GreenIndustry | None, Money, Money]]
    by_region: list[tuple[str, Money, Money]]
    other_currencies: dict[str, Decimal] = field(default_factory=dict)
    other_landed: dict[str, Decimal] = field(default_factory=dict)


# --- lists ----------------------------------------------------------------------


def _stages() -> Prefetch:
    return Prefetch("stages", queryset=Stage.objects.order_by("order", "pk"))


def with_everything(outcomes: QuerySet[Outcome]) -> QuerySet[Outcome]:
    """``outcomes`` with what a list or a page shows fetched: three queries whatever their number."""
    return outcomes.select_related(
        "edition", "responsible_unit", "industry__parent__parent", "signing", "release", "agreement"
    ).prefetch_related(_stages(), Prefetch("contacts", queryset=Person.objects.order_by("name", "pk")))


def _status_filter(status: str, today: dt.date) -> Any:
    """The SQL form of :func:`~.status.outcome_status` for one status on the local day ``today``."""
    open_stages = Stage.objects.filter(outcome=OuterRef("pk"), actual_on__isnull=True)
    late = Exists(open_stages.filter(planned_on__lt=today))
    soon = Exists(open_stages.filter(planned_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)))
    any_open = Exists(open_stages)
    any_stage = Exists(Stage.objects.filter(outcome=OuterRef("pk")))
    active = Q(state=OutcomeState.ACTIVE)
    if status == Status.ABANDONED:
        return Q(state=OutcomeState.ABANDONED)
    if status == Status.DONE:
        return active & any_stage & ~any_open
    if status == Status.RED:
        return active & late
    if status == Status.YELLOW:
        return active & ~late & soon
    if status == Status.GREEN:
        return active & ~soon & (any_open | ~any_stage)
    return Q(pk__in=[])


def outcomes_of(
    edition: Edition,
    *,
    kind: str = "",
    status: str = "",
    unit: Organization | int | None = None,
    text: str = "",
    public_only: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Outcome]:
    """The edition's outcomes in code order, everything a list shows fetched (:func:`with_everything`).

    ``kind`` an :class:`~.enums.OutcomeKind` value; ``status`` a :class:`~.enums.Status`
    value, computed for ``today`` (an unknown value matches nothing); ``unit`` the
    responsible organization (or its pk); ``text`` part of the code, the title in either
    language or the unit's name; ``public_only`` only outcomes marked public. Turn the
    result into rows with :func:`outcome_rows`.
    """
    outcomes = Outcome.objects.filter(edition=edition)
    if public_only:
        outcomes = outcomes.filter(is_public=True)
    if kind:
        outcomes = outcomes.filter(kind=kind)
    if unit is not None:
        outcomes = outcomes.filter(responsible_unit_id=getattr(unit, "pk", unit))
    text = text.strip()
    if text:
        matches = Q(code__icontains=text)
        for name in ("title_zh_hans", "title_en", "responsible_unit__name_zh_hans", "responsible_unit__name_en"):
            matches |= Q(**{f"{name}__icontains": text})
        outcomes = outcomes.filter(matches)
    if status:
        outcomes = outcomes.filter(_status_filter(status, today or today_in(edition)))
    return with_everything(outcomes).order_by("code")


def outcome_rows(outcomes: Any, today: dt.date) -> list[OutcomeRow]:
    """One :class:`OutcomeRow` per outcome, from the prefetched stages: no query beyond the list's own."""
    rows = []
    for outcome in outcomes:
        stages = list(outcome.stages.all())
        late = max((days_late(stage, today) for stage in stages), default=0)
        rows.append(OutcomeRow(outcome, outcome_status(outcome, stages, today), next_stage(stages), late))
    return rows


def overdue_rows(edition: Edition, today: dt.date | None = None) -> list[OutcomeRow]:
    """The edition's red outcomes, the latest first (then by code)."""
    today = today or today_in(edition)
    rows = outcome_rows(outcomes_of(edition, status=Status.RED, today=today), today)
    return sorted(rows, key=lambda row: (-row.days_late, row.outcome.code))


def outcomes_reported_by(user: Any) -> QuerySet[Outcome]:
    """Every outcome, across editions, that ``user`` reports on: their organization is its responsible unit,
    or they are one of its contact people. Newest edition first, then by code; empty for anyone else."""
    person_id, organization_id = reporting_scope_of(user)
    if person_id is None:
        return Outcome.objects.none()
    mine = Q(contacts__pk=person_id)
    if organization_id is not None:
        mine |= Q(responsible_unit_id=organization_id)
    pks = Outcome.objects.filter(mine).values("pk")
    return with_everything(Outcome.objects.filter(pk__in=pks)).order_by("-edition__start_date", "code")


def reports_on_any_outcome(user: Any) -> bool:
    """Whether ``user`` reports on at least one outcome (for the "My outcomes" link): one query, once a request."""
    person_id, organization_id = reporting_scope_of(user)
    if person_id is None:
        return False
    cache = user.__dict__.get("_wrapped", user).__dict__
    if "_ecoforum_reports_outcomes" not in cache:
        mine = Q(contacts__pk=person_id)
        if organization_id is not None:
            mine |= Q(responsible_unit_id=organization_id)
        cache["_ecoforum_reports_outcomes"] = Outcome.objects.filter(mine).exists()
    return cache["_ecoforum_reports_outcomes"]


# --- one outcome ------------------------------------------------------------------


def may_see(user: Any, outcome: Outcome) -> bool:
    """Public outcomes for everyone; the others for the committee's organizers and staff and the responsible unit."""
    if outcome.is_public:
        return True
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and (user.has_perm("outcomes.view_dashboard", outcome) or user.has_perm("outcomes.report_on_outcome", outcome))
    )


def _unknown(edition: Edition, code: str) -> UnknownOutcome:
    return UnknownOutcome(
        _("There is no outcome %(code)s in %(edition)s.") % {"code": code, "edition": edition.name}, field="code"
    )


def outcome_for(user: Any, edition: Edition, code: str, *, perm: str = VIEW) -> Outcome:
    """The edition's outcome ``code`` with everything fetched, if ``user`` holds ``perm`` on it.

    ``perm`` is ``"view"`` (anyone for a public outcome; :func:`may_see`),
    ``"outcomes.view_dashboard"``, ``"outcomes.manage_outcomes"`` or ``"outcomes.report_on_outcome"``.
    Raises :class:`UnknownOutcome` (the same for missing and not yours).
    """
    if perm not in PERMS:
        raise ValueError(f"unknown permission {perm!r}")
    outcome = with_everything(Outcome.objects.filter(edition=edition, code=code)).first()
    if outcome is None:
        raise _unknown(edition, code)
    allowed = may_see(user, outcome) if perm == VIEW else bool(user is not None and user.has_perm(perm, outcome))
    if not allowed:
        raise _unknown(edition, code)
    return outcome


def stage_for(outcome: Outcome, stage_id: int) -> Stage:
    """The stage ``stage_id`` of ``outcome`` (a stage of another outcome is unknown here)."""
    stage = next((s for s in outcome.stages.all() if s.pk == stage_id), None)
    if stage is None:
        stage = Stage.objects.filter(outcome=outcome, pk=stage_id).first()
    if stage is None:
        raise UnknownOutcome(
            _("Outcome %(code)s has no stage %(stage)s.") % {"code": outcome.code, "stage": stage_id}, field="stage"
        )
    stage.outcome = outcome
    return stage


def may_see_evidence(user: Any, outcome: Outcome) -> bool:
    """Evidence (contracts, photos of a site) is never public: organizers and staff of the edition, and the
    responsible unit and contact people of the outcome."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and (user.has_perm("outcomes.view_dashboard", outcome) or user.has_perm("outcomes.report_on_outcome", outcome))
    )


def evidence_of(outcome: Outcome) -> QuerySet[Evidence]:
    """The outcome's evidence, newest first, with its stage and who added it."""
    return Evidence.objects.filter(outcome=outcome).select_related("stage", "added_by").order_by("-added_at", "-pk")


def evidence_for(user: Any, edition: Edition, code: str, pk: int) -> Evidence:
    """The evidence ``pk`` of outcome ``code`` if ``user`` may see it (:func:`may_see_evidence`), for the download
    view; :class:`UnknownOutcome` otherwise. Serve ``evidence.file`` with ``evidence.content_type`` and
    ``evidence.original_name``; a link (``kind == "link"``) has ``url`` instead."""
    outcome = Outcome.objects.select_related("edition").filter(edition=edition, code=code).first()
    if outcome is None or not may_see_evidence(user, outcome):
        raise _unknown(edition, code)
    evidence = Evidence.objects.select_related("outcome__edition", "stage").filter(outcome=outcome, pk=pk).first()
    if evidence is None:
        raise UnknownOutcome(_("Outcome %(code)s has no evidence %(pk)s.") % {"code": code, "pk": pk}, field="evidence")
    return evidence


def history_of(outcome: Outcome) -> QuerySet[AuditEntry]:
    """The audit entries of the outcome, its stages and its evidence, newest first, with the actor (one query).

    ``entry.action`` is the dotted code (``outcomes.outcome.created``, ``outcomes.stage.recorded``,
    ``outcomes.stage.replanned`` with its ``reason`` …), ``entry.data`` what changed. Entries of a
    stage or a piece of evidence carry ``data["outcome"]``, the outcome's pk (see ``services``).
    """
    types = ContentType.objects.get_for_models(Outcome, Stage, Evidence, for_concrete_models=False)
    matches = Q(content_type=types[Outcome], object_id=str(outcome.pk)) | Q(
        content_type__in=[types[Stage], types[Evidence]], data__outcome=outcome.pk
    )
    return AuditEntry.objects.filter(matches).select_related("actor").order_by("-created", "-pk")


# --- the summary --------------------------------------------------------------------


def _top_industry(entry: GreenIndustry | None) -> GreenIndustry | None:
    while entry is not None and entry.parent is not None:
        entry = entry.parent
    return entry


def _share(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


def outcome_summary(edition: Edition, *, today: dt.date | None = None, public_only: bool = False) -> OutcomeSummary:
    """The edition's outcomes in figures: counts by status and kind, signed and landed yuan (also by level-1
    industry and by region), and the conversion of signed projects to production.

    Signed amounts follow the counting rules of signings (``investment.queries.counted_signings``,
    docs/decisions/0012): a followed repeat signing of a project counts 0, a capital increase
    only its increment. Abandoned outcomes still count as signed (and never as landed), so
    they lower the conversion. About six queries whatever the number of outcomes.
    """
    today = today or today_in(edition)
    outcomes = list(outcomes_of(edition, public_only=public_only, today=today))
    counted = {item.signing.pk: item.counted for item in counted_signings(edition, with_parties=False)}
    by_status = dict.fromkeys(Status.values, 0)
    by_kind = dict.fromkeys(OutcomeKind.values, 0)
    signed = landed = in_production_amount = Decimal(0)
    other: dict[str, Decimal] = {}
    other_landed: dict[str, Decimal] = {}
    industries: dict[int | None, list[Any]] = {}
    regions: dict[str, list[Decimal]] = {}
    signed_projects = started = in_production = funds_in = 0
    for outcome in outcomes:
        stages = list(outcome.stages.all())
        by_status[outcome_status(outcome, stages, today)] += 1
        by_kind[outcome.kind] += 1
        done = {stage.kind: stage for stage in stages if stage.actual_on is not None}
        funds = done.get(StageKind.FUNDS_IN)
        landed_here = (funds.actual_amount or Decimal(0)) if funds is not None else Decimal(0)
        signed_here = Decimal(0)
        if outcome.kind == OutcomeKind.SIGNING and outcome.signing_id is not None:
            signed_projects += 1
            signed_here = counted.get(outcome.signing_id, Decimal(0))
            started += StageKind.STARTED in done
            in_production += StageKind.IN_PRODUCTION in done
            funds_in += StageKind.FUNDS_IN in done
        if outcome.currency != "CNY":
            if signed_here:
                other[outcome.currency] = other.get(outcome.currency, Decimal(0)) + signed_here
            if landed_here:
                other_landed[outcome.currency] = other_landed.get(outcome.currency, Decimal(0)) + landed_here
            continue
        if not signed_here and not landed_here:
            continue
        signed += signed_here
        landed += landed_here
        if StageKind.IN_PRODUCTION in done:
            in_production_amount += signed_here
        industry = _top_industry(outcome.industry)
        key = industry.pk if industry is not None else None
        entry = industries.setdefault(key, [industry, Decimal(0), Decimal(0)])
        entry[1] += signed_here
        entry[2] += landed_here
        region = regions.setdefault(outcome.city or outcome.province or "", [Decimal(0), Decimal(0)])
        region[0] += signed_here
        region[1] += landed_here
    by_industry = sorted(
        ((industry, Money(s), Money(lnd)) for industry, s, lnd in industries.values()),
        key=lambda item: (-item[1].amount, -item[2].amount, item[0] is None, item[0].sort_key if item[0] else ""),
    )
    by_region = sorted(
        ((name, Money(s), Money(lnd)) for name, (s, lnd) in regions.items()),
        key=lambda item: (-item[1].amount, -item[2].amount, item[0] == "", item[0]),
    )
    return OutcomeSummary(
        count=len(outcomes),
        by_status=by_status,
        by_kind=by_kind,
        signed=Money(signed),
        landed=Money(landed),
        signed_projects=signed_projects,
        started=started,
        in_production=in_production,
        funds_in=funds_in,
        conversion=_share(in_production, signed_projects),
        conversion_by_amount=_share(in_production_amount, signed),
        by_industry=by_industry,
        by_region=by_region,
        other_currencies=other,
        other_landed=other_landed,
    )


def followed_signing_ids(edition: Edition) -> set[int]:
    """The signings of the edition already followed as outcomes."""
    return set(Outcome.objects.filter(edition=edition, signing__isnull=False).values_list("signing_id", flat=True))
