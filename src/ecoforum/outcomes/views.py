"""Public pages of the outcomes under ``/<edition>/outcomes/``, and what the outcome pages of the back office
and of the responsible units' portal share (figures, charts, the forms of one outcome and their actions).

The public summary shows only outcomes marked public; a private or missing outcome is a 404 alike.
Evidence files are never public; evidence links (press reports, public registers) are shown on the
public outcome page. Every figure comes from :mod:`ecoforum.outcomes.queries` (amounts counted by the
counting rules of signings, docs/decisions/0012).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET

from ecoforum.core.charts import Row
from ecoforum.core.money import Money
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person

from . import queries, services
from .enums import EvidenceKind, Status
from .exceptions import NotAllowed, OutcomeError, UnknownOutcome
from .forms import AbandonForm, AssignForm, EvidenceForm, PlanStageForm, RecordStageForm, ReplanStageForm
from .models import Outcome, Stage
from .status import stage_status, today_in

#: Order of the statuses in lists: what needs attention first.
STATUS_ORDER = {Status.RED: 0, Status.YELLOW: 1, Status.GREEN: 2, Status.DONE: 3, Status.ABANDONED: 4}

#: Labels of the audit actions shown in an outcome's history.
HISTORY_LABELS = {
    "outcomes.outcome.created": gettext_lazy("Outcome created"),
    "outcomes.outcome.changed": gettext_lazy("Outcome changed"),
    "outcomes.outcome.assigned": gettext_lazy("Responsible unit assigned"),
    "outcomes.outcome.abandoned": gettext_lazy("Abandoned"),
    "outcomes.stage.planned": gettext_lazy("Stage planned"),
    "outcomes.stage.replanned": gettext_lazy("Stage replanned"),
    "outcomes.stage.recorded": gettext_lazy("Stage recorded"),
    "outcomes.evidence.added": gettext_lazy("Evidence added"),
}

#: Field names in the history's details.
FIELD_LABELS = {
    "planned_on": gettext_lazy("planned date"),
    "planned_amount": gettext_lazy("planned amount"),
    "actual_on": gettext_lazy("actual date"),
    "actual_amount": gettext_lazy("actual amount"),
    "note": gettext_lazy("note"),
    "reason": gettext_lazy("reason"),
    "responsible_unit": gettext_lazy("responsible unit"),
    "contacts": gettext_lazy("contact people"),
    "title": gettext_lazy("title"),
    "url": gettext_lazy("link"),
    "original_name": gettext_lazy("file"),
}


# --- figures and charts -----------------------------------------------------------------


def percent(value: Decimal | None) -> str:
    """``0.4167`` → ``42%``; an em dash for ``None``."""
    if value is None:
        return "—"
    return f"{(value * 100).quantize(Decimal('1'), ROUND_HALF_UP)}%"


def _industry_label(industry: Any) -> str:
    return str(industry.name) if industry is not None else _("No industry")


def _pair_rows(items: list[tuple[str, Money, Money]]) -> list[Row]:
    """Signed (dark) and landed (green) bars, two per industry or region."""
    rows = []
    for label, signed, landed in items:
        rows.append(Row(label, signed.amount, str(signed), "dark"))
        rows.append(Row(_("↳ landed"), landed.amount, str(landed), "green"))
    return rows


def figures(summary: queries.OutcomeSummary) -> dict[str, Any]:
    """What the summary and the dashboard show of :class:`~.queries.OutcomeSummary`: money, shares, tiles, charts."""
    by_industry = [(_industry_label(industry), signed, landed) for industry, signed, landed in summary.by_industry]
    by_region = [(name or _("Place unknown"), signed, landed) for name, signed, landed in summary.by_region]
    tiles = [
        {"status": Status.RED, "label": _("Overdue"), "count": summary.by_status.get(Status.RED, 0)},
        {"status": Status.YELLOW, "label": _("Due soon"), "count": summary.by_status.get(Status.YELLOW, 0)},
        {"status": Status.GREEN, "label": _("On track"), "count": summary.by_status.get(Status.GREEN, 0)},
        {"status": Status.DONE, "label": _("Landed"), "count": summary.by_status.get(Status.DONE, 0)},
    ]
    funnel = [
        Row(pgettext("short stage name", "Signed"), summary.signed_projects, tone="dark"),
        Row(pgettext("short stage name", "Started"), summary.started, tone="green"),
        Row(pgettext("short stage name", "Producing"), summary.in_production, tone="light"),
        Row(pgettext("short stage name", "Funds in"), summary.funds_in, tone="gold"),
    ]
    return {
        "summary": summary,
        "signed": str(summary.signed),
        "landed": str(summary.landed),
        "conversion": percent(summary.conversion),
        "conversion_by_amount": percent(summary.conversion_by_amount),
        "tiles": tiles,
        "industry_rows": _pair_rows(by_industry),
        "region_rows": _pair_rows(by_region[:10]),
        "funnel_rows": funnel,
        "other_currencies": [str(Money(amount, currency)) for currency, amount in summary.other_currencies.items()],
    }


def sort_rows(rows: list[queries.OutcomeRow]) -> list[queries.OutcomeRow]:
    """Red first (the latest first), then yellow, green, landed, abandoned; by code within each."""
    return sorted(rows, key=lambda row: (STATUS_ORDER.get(row.status, 9), -row.days_late, row.outcome.code))


def _money(amount: Decimal | None, currency: str) -> str:
    return str(Money(amount, currency)) if amount is not None else ""


def steps(outcome: Outcome, today: dt.date) -> list[dict[str, Any]]:
    """The outcome's stages as progress steps (签约 → 开工 → 投产 → 到资): done, late, soon or ahead, with a date."""
    return [
        {
            "stage": stage,
            "planned_money": _money(stage.planned_amount, outcome.currency),
            "actual_money": _money(stage.actual_amount, outcome.currency),
            "status": stage_status(stage, today),
            "date": stage.actual_on or stage.planned_on,
            "done": stage.actual_on is not None,
        }
        for stage in outcome.stages.all()
    ]


def late_stage(outcome: Outcome, today: dt.date) -> Stage | None:
    """The open stage the furthest past its planned date (``None`` when nothing is late)."""
    late = [stage for stage in outcome.stages.all() if stage.actual_on is None and stage.planned_on < today]
    return min(late, key=lambda stage: (stage.planned_on, stage.order)) if late else None


def decorate(rows: list[queries.OutcomeRow], today: dt.date) -> list[queries.OutcomeRow]:
    """Each row gets ``steps`` (for the progress line) and ``late_stage``; no query: the stages are prefetched."""
    for row in rows:
        row.steps = steps(row.outcome, today)  # type: ignore[attr-defined]
        row.late_stage = late_stage(row.outcome, today)  # type: ignore[attr-defined]
    return rows


# --- public pages -------------------------------------------------------------------------


@require_GET
def summary(request: HttpRequest, edition: Edition) -> HttpResponse:
    today = today_in(edition)
    outcome_summary = queries.outcome_summary(edition, today=today, public_only=True)
    rows = sort_rows(queries.outcome_rows(queries.outcomes_of(edition, public_only=True, today=today), today))
    context = {"edition": edition, "rows": decorate(rows, today), "today": today, **figures(outcome_summary)}
    return render(request, "outcomes/summary.html", context)


@require_GET
def outcome_detail(request: HttpRequest, edition: Edition, code: str) -> HttpResponse:
    try:
        outcome = queries.outcome_for(request.user, edition, code)
    except UnknownOutcome as error:
        raise Http404(str(error.message)) from error
    today = today_in(edition)
    row = queries.outcome_rows([outcome], today)[0]
    links = [e for e in queries.evidence_of(outcome) if e.kind == EvidenceKind.LINK]
    context = {"edition": edition, "outcome": outcome, "row": row, "steps": steps(outcome, today), "links": links}
    return render(request, "outcomes/outcome.html", context)


# --- one outcome: forms and actions (back office and portal) -----------------------------------

#: What a responsible unit may do on its outcome's page; organizers may do everything.
REPORT_ACTIONS = ("record", "replan", "evidence")
MANAGE_ACTIONS = (*REPORT_ACTIONS, "plan", "assign", "abandon")


def _put_error(form: Form, error: OutcomeError) -> None:
    field = error.field if error.field in form.fields and error.field != "stage" else None
    form.add_error(field, str(error.message))


def _form_problems(form: Form) -> str:
    return "; ".join(
        str(e) if name == "__all__" else f"{form.fields[name].label if name in form.fields else name}: {e}"
        for name, errors in form.errors.items()
        for e in errors
    )


def _stage_of(outcome: Outcome, form: Form) -> Stage:
    return queries.stage_for(outcome, form.cleaned_data["stage"])


def _record(request: HttpRequest, outcome: Outcome) -> tuple[Form, str]:
    form = RecordStageForm(request.POST)
    if not form.is_valid():
        return form, ""
    stage = _stage_of(outcome, form)
    data = form.cleaned_data
    services.record_stage(
        stage, actor=request.user, actual_on=data["actual_on"], actual_amount=data["actual_amount"], note=data["note"]
    )
    return form, _("%(code)s: «%(stage)s» recorded on %(date)s.") % {
        "code": outcome.code,
        "stage": stage,
        "date": data["actual_on"].isoformat(),
    }


def _replan(request: HttpRequest, outcome: Outcome) -> tuple[Form, str]:
    form = ReplanStageForm(request.POST)
    if not form.is_valid():
        return form, ""
    stage = _stage_of(outcome, form)
    data = form.cleaned_data
    services.replan_stage(
        stage,
        actor=request.user,
        planned_on=data["planned_on"],
        planned_amount=data["planned_amount"],
        reason=data["reason"],
    )
    return form, _("%(code)s: «%(stage)s» is now planned for %(date)s.") % {
        "code": outcome.code,
        "stage": stage,
        "date": data["planned_on"].isoformat(),
    }


def _evidence(request: HttpRequest, outcome: Outcome) -> tuple[Form, str]:
    form = EvidenceForm(request.POST, request.FILES, stages=list(outcome.stages.all()))
    if not form.is_valid():
        return form, ""
    data = form.cleaned_data
    stage = queries.stage_for(outcome, data["stage"]) if data["stage"] else None
    evidence = services.add_evidence(
        outcome, actor=request.user, title=data["title"], file=data["file"], url=data["url"], stage=stage
    )
    return form, _("%(code)s: «%(title)s» added.") % {"code": outcome.code, "title": evidence.title}


def _plan(request: HttpRequest, outcome: Outcome) -> tuple[Form, str]:
    form = PlanStageForm(request.POST)
    if not form.is_valid():
        return form, ""
    data = form.cleaned_data
    stage = services.plan_stage(
        outcome,
        actor=request.user,
        kind=data["kind"],
        planned_on=data["planned_on"],
        planned_amount=data["planned_amount"],
        title_zh_hans=data["title_zh_hans"],
        title_en=data["title_en"],
    )
    return form, _("%(code)s: «%(stage)s» planned for %(date)s.") % {
        "code": outcome.code,
        "stage": stage,
        "date": data["planned_on"].isoformat(),
    }


def _assign(request: HttpRequest, outcome: Outcome) -> tuple[Form, str]:
    form = AssignForm(request.POST)
    if not form.is_valid():
        return form, ""
    data = form.cleaned_data
    services.assign_outcome(
        outcome, actor=request.user, responsible_unit=data["responsible_unit"], contacts=data["contacts"]
    )
    return form, _("%(code)s is now followed by %(unit)s.") % {
        "code": outcome.code,
        "unit": data["responsible_unit"].name,
    }


def _abandon(request: HttpRequest, outcome: Outcome) -> tuple[Form, str]:
    form = AbandonForm(request.POST)
    if not form.is_valid():
        return form, ""
    services.abandon_outcome(outcome, actor=request.user, reason=form.cleaned_data["reason"])
    return form, _("%(code)s is abandoned.") % {"code": outcome.code}


ACTIONS = {
    "record": _record,
    "replan": _replan,
    "evidence": _evidence,
    "plan": _plan,
    "assign": _assign,
    "abandon": _abandon,
}


def run_action(request: HttpRequest, outcome: Outcome, allowed: tuple[str, ...]) -> dict[str, Any] | None:
    """Run the posted ``action`` through its service. ``None`` when it was done (a success message is set);
    otherwise the bound form with its errors (``{"action": …, "form": …, "stage": pk}``) and an error message
    naming the outcome. A refusal for lack of rights is a 403; nothing is changed on any error."""
    action = request.POST.get("action", "")
    if action not in allowed:
        messages.error(request, _("%(code)s: unknown action, nothing was changed.") % {"code": outcome.code})
        return {"action": "", "form": None, "stage": None}
    form: Form | None = None
    try:
        form, done = ACTIONS[action](request, outcome)
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except OutcomeError as error:
        if form is None:  # raised before the form came back: build it again to carry the error
            form = _bound(request, outcome, action)
            form.is_valid()
        _put_error(form, error)
        messages.error(request, str(error.message))
        return {"action": action, "form": form, "stage": _posted_stage(request)}
    if not done:
        messages.error(
            request,
            _("%(code)s: nothing was changed: %(problems)s") % {"code": outcome.code, "problems": _form_problems(form)},
        )
        return {"action": action, "form": form, "stage": _posted_stage(request)}
    messages.success(request, done)
    return None


def _posted_stage(request: HttpRequest) -> int | None:
    value = request.POST.get("stage", "")
    return int(value) if value.isdigit() else None


def _bound(request: HttpRequest, outcome: Outcome, action: str) -> Form:
    if action == "record":
        return RecordStageForm(request.POST)
    if action == "replan":
        return ReplanStageForm(request.POST)
    if action == "evidence":
        return EvidenceForm(request.POST, request.FILES, stages=list(outcome.stages.all()))
    if action == "plan":
        return PlanStageForm(request.POST)
    if action == "assign":
        return AssignForm(request.POST)
    return AbandonForm(request.POST)


def _ids(value: Any) -> list[int]:
    """The ids an audit value holds: ``3``, ``[3, 4]``, ``[[3], [4, 5]]``."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, list):
        return [pk for item in value for pk in _ids(item)]
    return []


def _named(value: Any, names: dict[int, str]) -> str:
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return "、".join(names.get(pk, str(pk)) for pk in value) or "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return names.get(value, str(value))
    return str(value)


def _history(outcome: Outcome, edition: Edition) -> list[dict[str, Any]]:
    """The outcome's audit entries as lines a person reads; units and contact people by name (two queries)."""
    entries = list(queries.history_of(outcome)[:200])
    units = {pk for e in entries for pk in _ids((e.data or {}).get("responsible_unit"))}
    people = {pk for e in entries for pk in _ids((e.data or {}).get("contacts"))}
    unit_names = {o.pk: str(o.name) for o in Organization.objects.filter(pk__in=units)} if units else {}
    person_names = {p.pk: str(p.name) for p in Person.objects.filter(pk__in=people)} if people else {}
    items = []
    for entry in entries:
        details = []
        data = entry.data or {}
        for key, value in sorted(data.items(), key=lambda item: (item[0] == "reason", item[0])):
            if key not in FIELD_LABELS:
                continue
            label = FIELD_LABELS[key]
            names = unit_names if key == "responsible_unit" else person_names if key == "contacts" else {}
            changed = isinstance(value, list) and len(value) == 2
            if key == "contacts" and not (changed and all(isinstance(v, list) for v in value)):
                changed = False
            if changed:
                before, after = value
                details.append(f"{label}: {_named(before, names)} → {_named(after, names)}")
            elif value not in (None, "", []):
                details.append(f"{label}: {_named(value, names)}")
        items.append(
            {
                "entry": entry,
                "label": HISTORY_LABELS.get(entry.action, entry.action),
                "when": timezone.localtime(entry.created, edition.tz),
                "who": (entry.actor.get_full_name() or entry.actor.get_username()) if entry.actor else _("the system"),
                "object": entry.object_repr,
                "details": details,
            }
        )
    return items


def outcome_context(
    request: HttpRequest, outcome: Outcome, *, may_manage: bool, may_report: bool, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Everything an outcome's page in the back office or the portal shows, with a form for each action
    (the one that failed bound, with its errors)."""
    edition = outcome.edition
    today = today_in(edition)
    bound = bound or {}
    failed, failed_form, failed_stage = bound.get("action"), bound.get("form"), bound.get("stage")
    stages = list(outcome.stages.all())
    for stage in stages:
        stage.status = stage_status(stage, today)  # type: ignore[attr-defined]
        stage.planned_money = _money(stage.planned_amount, outcome.currency)  # type: ignore[attr-defined]
        stage.actual_money = _money(stage.actual_amount, outcome.currency)  # type: ignore[attr-defined]
        stage.record_form = (  # type: ignore[attr-defined]
            failed_form
            if failed == "record" and failed_stage == stage.pk
            else RecordStageForm(
                initial={"stage": stage.pk, "actual_on": stage.actual_on or min(today, stage.planned_on)},
                auto_id=f"id_record_{stage.pk}_%s",
            )
        )
        stage.replan_form = (  # type: ignore[attr-defined]
            failed_form
            if failed == "replan" and failed_stage == stage.pk
            else ReplanStageForm(
                initial={"stage": stage.pk, "planned_on": stage.planned_on}, auto_id=f"id_replan_{stage.pk}_%s"
            )
        )
        stage.open_form = failed if failed_stage == stage.pk else ""  # type: ignore[attr-defined]

    def form_for(action: str, make: Any) -> Any:
        return failed_form if failed == action and failed_form is not None else make()

    context = {
        "edition": edition,
        "outcome": outcome,
        "row": queries.outcome_rows([outcome], today)[0],
        "stages": stages,
        "steps": steps(outcome, today),
        "evidence": list(queries.evidence_of(outcome)),
        "history": _history(outcome, edition),
        "may_manage": may_manage,
        "may_report": may_report and outcome.state == "active",
        "failed": failed or "",
        "evidence_form": form_for("evidence", lambda: EvidenceForm(stages=stages, auto_id="id_evidence_%s")),
    }
    if may_manage:
        context["plan_form"] = form_for("plan", lambda: PlanStageForm(auto_id="id_plan_%s"))
        context["assign_form"] = form_for(
            "assign", lambda: AssignForm(initial=AssignForm.initial_for(outcome), auto_id="id_assign_%s")
        )
        context["abandon_form"] = form_for("abandon", lambda: AbandonForm(auto_id="id_abandon_%s"))
    return context
