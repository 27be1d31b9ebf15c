"""Writes of the outcomes (成果转化): following signings, stages, evidence, abandoning, reminders.

One function per use case, each in ``transaction.atomic(durable=True)`` with one audit entry
(``outcomes.outcome.created``, ``outcomes.stage.planned``, ``outcomes.stage.replanned``,
``outcomes.stage.recorded``, ``outcomes.evidence.added``, ``outcomes.outcome.assigned``,
``outcomes.outcome.changed``, ``outcomes.outcome.abandoned``) carrying the outcome's edition;
entries of a stage or of evidence also carry ``data["outcome"]`` so that
``queries.history_of`` finds them.

Who may do what is checked here (docs/decisions/0005): organizers of the edition
(``outcomes.manage_outcomes``) do everything; the responsible unit and the contact people
(``outcomes.report_on_outcome``) only record and replan the stages of their own outcomes
and add evidence to them; anyone else gets :class:`~.exceptions.NotAllowed`. ``actor=None``
is the system itself (the demo loader, the command line).

Dates are calendar days in the edition's time zone. No stage date may fall before the
outcome's start (the signing's local day for a signed project, else the edition's first
day); an actual date may not be in the future; amounts are never negative.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import uuid
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.locking import lock_one
from ecoforum.core.money import CURRENCIES
from ecoforum.forums.models import Edition
from ecoforum.investment.attachments import detect
from ecoforum.investment.enums import PartyRole
from ecoforum.investment.models import GreenIndustry, Signing
from ecoforum.investment.queries import counted_signings
from ecoforum.people.models import Organization, Person

from . import reminders
from .enums import PROJECT_STAGES, EvidenceKind, OutcomeKind, OutcomeState, ReminderKind, StageKind
from .exceptions import AlreadyFollowed, InvalidEvidence, InvalidStage, NotAllowed, OutcomeError
from .models import Evidence, Outcome, Reminder, Stage
from .status import today_in

#: Months after the signing that a followed project is planned to start, to be in production, to have its funds in.
DEFAULT_PLAN_MONTHS = {StageKind.STARTED: 3, StageKind.IN_PRODUCTION: 12, StageKind.FUNDS_IN: 12}
#: Days before its planned date that a stage's contacts get a "due soon" reminder.
REMIND_DAYS = 14
#: Evidence files: PDF, PNG, JPEG, and Excel (.xlsx) / Word (.docx) recognized by their content (see ``add_evidence``).
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
CODE_PREFIX = "CG"
CENTS = Decimal("0.01")

STAGE_FIELDS = ["planned_on", "planned_amount", "actual_on", "actual_amount", "note"]
OUTCOME_FIELDS = [
    "title_zh_hans",
    "title_en",
    "summary_zh_hans",
    "summary_en",
    "province",
    "city",
    "industry_id",
    "is_public",
]


# --- checks -----------------------------------------------------------------------


def _require_manage(actor: Any, edition: Edition) -> None:
    if actor is not None and not actor.has_perm("outcomes.manage_outcomes", edition):
        raise NotAllowed(_("Only the organizers of %(edition)s may manage its outcomes.") % {"edition": edition.name})


def _require_report(actor: Any, outcome: Outcome) -> None:
    if actor is not None and not actor.has_perm("outcomes.report_on_outcome", outcome):
        raise NotAllowed(
            _("You may not report on outcome %(code)s: it is not one of your unit's outcomes.") % {"code": outcome.code}
        )


def _stage_label(stage: Stage) -> str:
    return f"{stage.outcome.code} «{stage.title_zh_hans or stage.title_en or stage.get_kind_display()}»"


def start_of(outcome: Outcome) -> dt.date:
    """The earliest day a stage of ``outcome`` may carry: the signing's local day, else the edition's first day."""
    edition = outcome.edition
    if outcome.signing is not None:
        return timezone.localtime(outcome.signing.signed_at, edition.tz).date()
    return edition.start_date


def _amount(value: Any, *, label: str, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float | bool):
        raise InvalidStage(
            _("%(stage)s: the amount must be a Decimal, not %(type)s.")
            % {"stage": label, "type": type(value).__name__},
            field=field,
        )
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidStage(
            _("%(stage)s: “%(value)s” is not an amount.") % {"stage": label, "value": value}, field=field
        ) from exc
    if not amount.is_finite() or amount < 0:
        raise InvalidStage(_("%(stage)s: an amount cannot be negative.") % {"stage": label}, field=field)
    return amount.quantize(CENTS)


def _date(value: Any, *, label: str, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InvalidStage(_("%(stage)s: a date is needed.") % {"stage": label}, field=field)
    return value


def _check_not_before_start(day: dt.date, outcome: Outcome, *, label: str, field: str) -> None:
    start = start_of(outcome)
    if day < start:
        raise InvalidStage(
            _("%(stage)s: %(date)s is before the outcome's start (%(start)s).")
            % {"stage": label, "date": day.isoformat(), "start": start.isoformat()},
            field=field,
        )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it is shorter: 31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- codes --------------------------------------------------------------------------


def _next_code(edition: Edition) -> str:
    """``CG-<year>-<nnn>``, the next number of the edition; the caller holds the edition row's lock."""
    prefix = f"{CODE_PREFIX}-{edition.year}-"
    numbers = [
        int(code[len(prefix) :])
        for code in Outcome.objects.filter(edition=edition, code__startswith=prefix).values_list("code", flat=True)
        if code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _log_created(outcome: Outcome, stages: list[Stage], actor: Any) -> None:
    data = {
        "code": outcome.code,
        "kind": outcome.kind,
        "title_zh_hans": outcome.title_zh_hans,
        "title_en": outcome.title_en,
        "responsible_unit": outcome.responsible_unit_id,
        "signing": outcome.signing_id,
        "signed_amount": outcome.signed_amount,
        "currency": outcome.currency,
        "stages": [{"kind": s.kind, "planned_on": s.planned_on, "actual_on": s.actual_on} for s in stages],
    }
    log_action(outcome, "outcomes.outcome.created", actor=actor, data=data)


# --- following signings ---------------------------------------------------------------


def _already_followed(signing: Signing) -> Outcome | None:
    found = Outcome.objects.filter(signing=signing).first()
    if found is None and signing.project_id is not None:
        found = Outcome.objects.filter(signing__project_id=signing.project_id).order_by("code").first()
    return found


def _refuse_followed(signing: Signing, outcome: Outcome) -> AlreadyFollowed:
    if outcome.signing_id == signing.pk:
        message = _("The signing «%(signing)s» is already followed as outcome %(code)s.")
    else:
        message = _("The project of the signing «%(signing)s» is already followed as outcome %(code)s.")
    return AlreadyFollowed(message % {"signing": signing.title, "code": outcome.code}, field="signing")


def _unit_of(signing: Signing) -> Organization | None:
    if signing.project is not None:
        return signing.project.owner
    parties = list(signing.parties.select_related("organization").order_by("order", "pk"))
    for role in (PartyRole.OWNER, PartyRole.GOVERNMENT, PartyRole.INVESTOR):
        for party in parties:
            if party.role == role:
                return party.organization
    return None


def follow_signing(signing: Signing, *, actor: Any, responsible_unit: Organization | None = None) -> Outcome:
    """Follow a signing as an outcome of its edition: code ``CG-<year>-<nnn>`` (the next number, no gaps),
    kind signing, title, industry and place from the signing and its project, the amount signed, and the four
    project stages: signed (planned = actual = the signing's local day), started (+3 months), in production
    (+12 months) and funds in place (+12 months, planned amount = what the signing counts).

    The responsible unit is ``responsible_unit``, else the project's owner, else the party signing for the
    project side (owner, then government, then investor). Refuses with :class:`AlreadyFollowed` a signing
    already followed, or any signing of a project already followed.
    """
    edition = signing.edition
    _require_manage(actor, edition)
    signing = Signing.objects.select_related("edition", "project__owner", "project__industry").get(pk=signing.pk)
    unit = responsible_unit or _unit_of(signing)
    if unit is None:
        raise OutcomeError(
            _("The signing «%(signing)s» has no project owner or party to be its responsible unit; choose one.")
            % {"signing": signing.title},
            field="responsible_unit",
        )
    counted = next(c.counted for c in counted_signings(edition, with_parties=False) if c.signing.pk == signing.pk)
    signed_on = timezone.localtime(signing.signed_at, edition.tz).date()
    project = signing.project
    with transaction.atomic(durable=True):
        lock_one(Edition, edition.pk)
        found = _already_followed(signing)
        if found is not None:
            raise _refuse_followed(signing, found)
        try:
            with transaction.atomic():
                outcome = Outcome.objects.create(
                    edition=edition,
                    code=_next_code(edition),
                    kind=OutcomeKind.SIGNING,
                    title_zh_hans=signing.title_zh_hans or signing.title,
                    title_en=signing.title_en or "",
                    summary_zh_hans=(project.summary_zh_hans or "") if project else "",
                    summary_en=(project.summary_en or "") if project else "",
                    signing=signing,
                    responsible_unit=unit,
                    industry=project.industry if project else None,
                    province=project.province if project else "",
                    city=project.city if project else "",
                    signed_amount=signing.amount,
                    currency=signing.currency,
                    is_demo=signing.is_demo,
                )
        except IntegrityError as exc:  # followed at the same moment
            raise AlreadyFollowed(
                _("The signing «%(signing)s» is already followed.") % {"signing": signing.title}, field="signing"
            ) from exc
        stages = []
        for order, kind in enumerate(PROJECT_STAGES, start=1):
            planned = add_months(signed_on, DEFAULT_PLAN_MONTHS.get(kind, 0))
            stages.append(
                Stage(
                    outcome=outcome,
                    kind=kind,
                    order=order,
                    planned_on=planned,
                    actual_on=signed_on if kind == StageKind.SIGNED else None,
                    planned_amount=counted if kind == StageKind.FUNDS_IN else None,
                )
            )
        Stage.objects.bulk_create(stages)
        _log_created(outcome, stages, actor)
    return outcome


def follow_signings(edition: Edition, *, actor: Any) -> list[Outcome]:
    """Follow every signing of the edition not yet followed, in the order signed; returns the new outcomes only.

    Signings already followed, or of a project already followed, are skipped.
    """
    _require_manage(actor, edition)
    followed = []
    for signing in Signing.objects.filter(edition=edition).order_by("signed_at", "stage_order", "pk"):
        if _already_followed(signing) is not None:
            continue
        try:
            followed.append(follow_signing(signing, actor=actor))
        except AlreadyFollowed:
            continue
    return followed


# --- other outcomes -------------------------------------------------------------------


def create_outcome(
    edition: Edition,
    *,
    actor: Any,
    kind: str,
    title_zh_hans: str,
    title_en: str,
    responsible_unit: Organization,
    summary_zh_hans: str = "",
    summary_en: str = "",
    release: Any = None,
    agreement: Any = None,
    contacts: Iterable[Person] = (),
    industry: GreenIndustry | None = None,
    province: str = "",
    city: str = "",
    signed_amount: Decimal | None = None,
    currency: str = "CNY",
    is_public: bool = True,
    is_demo: bool = False,
) -> Outcome:
    """An outcome that is not a signed project: an initiative or declaration (``release``), a cooperation
    agreement (``agreement``), an institution founded, or another outcome; it gets the next code
    ``CG-<year>-<nnn>`` and no stages (add milestones with :func:`plan_stage`). Signed projects come from
    :func:`follow_signing`."""
    _require_manage(actor, edition)
    title_zh_hans, title_en = (title_zh_hans or "").strip(), (title_en or "").strip()
    label = title_zh_hans or title_en
    if kind not in OutcomeKind.values:
        raise OutcomeError(_("“%(kind)s” is not a kind of outcome.") % {"kind": kind}, field="kind")
    if kind == OutcomeKind.SIGNING:
        raise OutcomeError(
            _("A signed project is followed from its signing, not created by hand: «%(title)s».") % {"title": label},
            field="kind",
        )
    if not title_zh_hans:
        raise OutcomeError(_("An outcome needs a Chinese title."), field="title_zh_hans")
    if responsible_unit is None:
        raise OutcomeError(
            _("Outcome «%(title)s» needs a responsible unit.") % {"title": label}, field="responsible_unit"
        )
    if release is not None and release.edition_id != edition.pk:
        raise OutcomeError(
            _("«%(release)s» was not released at %(edition)s.") % {"release": release, "edition": edition.name},
            field="release",
        )
    if agreement is not None and agreement.edition_id not in (None, edition.pk):
        raise OutcomeError(
            _("«%(agreement)s» was not signed at %(edition)s.") % {"agreement": agreement, "edition": edition.name},
            field="agreement",
        )
    if currency not in dict(CURRENCIES):
        raise OutcomeError(_("“%(currency)s” is not a currency.") % {"currency": currency}, field="currency")
    amount = _amount(signed_amount, label=f"«{label}»", field="signed_amount")
    if amount is not None and amount == 0:
        amount = None
    contacts = list(contacts)
    with transaction.atomic(durable=True):
        lock_one(Edition, edition.pk)
        outcome = Outcome.objects.create(
            edition=edition,
            code=_next_code(edition),
            kind=kind,
            title_zh_hans=title_zh_hans,
            title_en=title_en,
            summary_zh_hans=summary_zh_hans,
            summary_en=summary_en,
            release=release,
            agreement=agreement,
            responsible_unit=responsible_unit,
            industry=industry,
            province=province,
            city=city,
            signed_amount=amount,
            currency=currency,
            is_public=is_public,
            is_demo=is_demo,
        )
        if contacts:
            outcome.contacts.set(contacts)
        _log_created(outcome, [], actor)
    return outcome


def change_outcome(outcome: Outcome, *, actor: Any, **changes: Any) -> Outcome:
    """Change the titles, summaries, place, industry or visibility of an outcome (organizers)."""
    _require_manage(actor, outcome.edition)
    allowed = {name.removesuffix("_id") for name in OUTCOME_FIELDS}
    unknown = set(changes) - allowed
    if unknown:
        raise OutcomeError(
            _("These cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    if "title_zh_hans" in changes and not (changes["title_zh_hans"] or "").strip():
        raise OutcomeError(_("An outcome needs a Chinese title."), field="title_zh_hans")
    with transaction.atomic(durable=True):
        locked = lock_one(Outcome, outcome.pk)
        before = snapshot(locked, OUTCOME_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        changed = diff(before, snapshot(locked, OUTCOME_FIELDS))
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
            log_action(locked, "outcomes.outcome.changed", actor=actor, data=changed)
    return locked


def assign_outcome(
    outcome: Outcome, *, actor: Any, responsible_unit: Organization, contacts: Iterable[Person] = ()
) -> Outcome:
    """Give the outcome to a responsible unit with its contact people (they get the reminders and may report)."""
    _require_manage(actor, outcome.edition)
    if responsible_unit is None:
        raise OutcomeError(
            _("Outcome %(code)s needs a responsible unit.") % {"code": outcome.code}, field="responsible_unit"
        )
    contacts = list(contacts)
    with transaction.atomic(durable=True):
        locked = lock_one(Outcome, outcome.pk)
        before = {
            "responsible_unit": locked.responsible_unit_id,
            "contacts": sorted(locked.contacts.values_list("pk", flat=True)),
        }
        locked.responsible_unit = responsible_unit
        locked.save(update_fields=["responsible_unit", "updated_at"])
        locked.contacts.set(contacts)
        after = {"responsible_unit": responsible_unit.pk, "contacts": sorted(p.pk for p in contacts)}
        log_action(locked, "outcomes.outcome.assigned", actor=actor, data=diff(before, after))
    return locked


def abandon_outcome(outcome: Outcome, *, actor: Any, reason: str) -> Outcome:
    """Stop following an outcome, with the reason (kept on the outcome and in its history)."""
    _require_manage(actor, outcome.edition)
    reason = (reason or "").strip()
    if not reason:
        raise OutcomeError(_("Say why outcome %(code)s is abandoned.") % {"code": outcome.code}, field="reason")
    with transaction.atomic(durable=True):
        locked = lock_one(Outcome, outcome.pk)
        if locked.state == OutcomeState.ABANDONED:
            raise OutcomeError(_("Outcome %(code)s is already abandoned.") % {"code": locked.code}, field="state")
        locked.state = OutcomeState.ABANDONED
        locked.state_note = reason[:300]
        locked.save(update_fields=["state", "state_note", "updated_at"])
        log_action(locked, "outcomes.outcome.abandoned", actor=actor, data={"reason": locked.state_note})
    return locked


# --- stages ----------------------------------------------------------------------------


def _locked_stage(stage: Stage) -> Stage:
    locked = lock_one(Stage, stage.pk)
    locked.outcome = stage.outcome
    return locked


def plan_stage(
    outcome: Outcome,
    *,
    actor: Any,
    kind: str,
    planned_on: dt.date,
    planned_amount: Decimal | None = None,
    title_zh_hans: str = "",
    title_en: str = "",
) -> Stage:
    """Add a stage to an outcome (organizers): a milestone (any number, with a title) or one of the other kinds
    (at most once each), planned for a local day not before the outcome's start; it goes last in order."""
    _require_manage(actor, outcome.edition)
    label = f"{outcome.code} «{title_zh_hans or title_en or kind}»"
    if kind not in StageKind.values:
        raise InvalidStage(_("“%(kind)s” is not a kind of stage.") % {"kind": kind}, field="kind")
    if kind == StageKind.MILESTONE and not (title_zh_hans or "").strip():
        raise InvalidStage(_("%(stage)s: a milestone needs a Chinese title.") % {"stage": label}, field="title_zh_hans")
    planned_on = _date(planned_on, label=label, field="planned_on")
    amount = _amount(planned_amount, label=label, field="planned_amount")
    _check_not_before_start(planned_on, outcome, label=label, field="planned_on")
    with transaction.atomic(durable=True):
        lock_one(Outcome, outcome.pk)
        if kind != StageKind.MILESTONE and Stage.objects.filter(outcome=outcome, kind=kind).exists():
            raise InvalidStage(
                _("Outcome %(code)s already has a stage “%(kind)s”.")
                % {"code": outcome.code, "kind": StageKind(kind).label},
                field="kind",
            )
        order = (Stage.objects.filter(outcome=outcome).aggregate(last=Max("order"))["last"] or 0) + 1
        stage = Stage.objects.create(
            outcome=outcome,
            kind=kind,
            order=order,
            planned_on=planned_on,
            planned_amount=amount,
            title_zh_hans=title_zh_hans,
            title_en=title_en,
        )
        log_action(
            stage,
            "outcomes.stage.planned",
            actor=actor,
            edition_id=outcome.edition_id,
            data={"outcome": outcome.pk, "kind": kind, "planned_on": planned_on, "planned_amount": amount},
        )
    return stage


def replan_stage(
    stage: Stage, *, actor: Any, planned_on: dt.date, planned_amount: Decimal | None = None, reason: str
) -> Stage:
    """Move an open stage's planned date (and amount, when given; ``None`` keeps it), with the reason, which the
    history keeps. The responsible unit may replan its own outcomes' stages; a new date reminds again."""
    outcome = stage.outcome
    _require_report(actor, outcome)
    label = _stage_label(stage)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidStage(_("%(stage)s: say why the date moves.") % {"stage": label}, field="reason")
    planned_on = _date(planned_on, label=label, field="planned_on")
    amount = _amount(planned_amount, label=label, field="planned_amount")
    _check_not_before_start(planned_on, outcome, label=label, field="planned_on")
    with transaction.atomic(durable=True):
        locked = _locked_stage(stage)
        if locked.actual_on is not None:
            raise InvalidStage(
                _("%(stage)s is already done; it cannot be replanned.") % {"stage": label}, field="stage"
            )
        before = snapshot(locked, STAGE_FIELDS)
        locked.planned_on = planned_on
        if amount is not None:
            locked.planned_amount = amount
        changed = diff(before, snapshot(locked, STAGE_FIELDS))
        locked.save(update_fields=["planned_on", "planned_amount", "updated_at"])
        log_action(
            locked,
            "outcomes.stage.replanned",
            actor=actor,
            edition_id=outcome.edition_id,
            data={"outcome": outcome.pk, "reason": reason[:500], **changed},
        )
    return locked


def record_stage(
    stage: Stage, *, actor: Any, actual_on: dt.date, actual_amount: Decimal | None = None, note: str = ""
) -> Stage:
    """Record that a stage happened on ``actual_on`` (a local day, not in the future, not before the outcome's
    start), with the amount that moved (for funds in place: what landed). Recording again corrects it; the
    history keeps both."""
    outcome = stage.outcome
    _require_report(actor, outcome)
    label = _stage_label(stage)
    actual_on = _date(actual_on, label=label, field="actual_on")
    amount = _amount(actual_amount, label=label, field="actual_amount")
    _check_not_before_start(actual_on, outcome, label=label, field="actual_on")
    today = today_in(outcome.edition)
    if actual_on > today:
        raise InvalidStage(
            _("%(stage)s: %(date)s is in the future; record a stage once it has happened.")
            % {"stage": label, "date": actual_on.isoformat()},
            field="actual_on",
        )
    if outcome.state == OutcomeState.ABANDONED:
        raise InvalidStage(_("Outcome %(code)s is abandoned.") % {"code": outcome.code}, field="stage")
    with transaction.atomic(durable=True):
        locked = _locked_stage(stage)
        before = snapshot(locked, STAGE_FIELDS)
        locked.actual_on = actual_on
        locked.actual_amount = amount
        locked.note = (note or "").strip()[:500]
        changed = diff(before, snapshot(locked, STAGE_FIELDS))
        locked.save(update_fields=["actual_on", "actual_amount", "note", "updated_at"])
        log_action(
            locked,
            "outcomes.stage.recorded",
            actor=actor,
            edition_id=outcome.edition_id,
            data={"outcome": outcome.pk, **changed},
        )
    return locked


# --- evidence ------------------------------------------------------------------------------


def _check_file(upload: Any, label: str):
    name = getattr(upload, "name", "") or _("the file")
    size = getattr(upload, "size", 0) or 0
    if size == 0:
        raise InvalidEvidence(_("%(outcome)s: «%(name)s» is empty.") % {"outcome": label, "name": name}, field="file")
    if size > MAX_EVIDENCE_BYTES:
        raise InvalidEvidence(
            _("%(outcome)s: «%(name)s» is larger than %(size)s MB.")
            % {"outcome": label, "name": name, "size": MAX_EVIDENCE_BYTES // (1024 * 1024)},
            field="file",
        )
    found = detect(upload)
    if found is None:
        raise InvalidEvidence(
            _("%(outcome)s: «%(name)s» is not a PDF, PNG or JPEG picture, Excel (.xlsx) or Word (.docx) file.")
            % {"outcome": label, "name": name},
            field="file",
        )
    return found


def add_evidence(
    outcome: Outcome, *, actor: Any, title: str, file: Any = None, url: str = "", stage: Stage | None = None
) -> Evidence:
    """Back a report with a file or a link (one of the two), optionally for one stage of the outcome.

    A file is accepted by its content, not its name: PDF, PNG, JPEG, or an Excel (.xlsx) or Word (.docx)
    document (a ZIP whose ``[Content_Types].xml`` says so), at most 20 MB; it is stored under a random
    name. A link must be http(s).
    """
    _require_report(actor, outcome)
    label = outcome.code
    title = (title or "").strip()
    url = (url or "").strip()
    if not title:
        raise InvalidEvidence(_("%(outcome)s: the evidence needs a title.") % {"outcome": label}, field="title")
    if (file is None) == (not url):
        raise InvalidEvidence(
            _("%(outcome)s: give either a file or a link.") % {"outcome": label},
            field="file" if file is None else "url",
        )
    if stage is not None and stage.outcome_id != outcome.pk:
        raise InvalidEvidence(
            _("%(outcome)s: stage %(stage)s is not one of its stages.") % {"outcome": label, "stage": stage.pk},
            field="stage",
        )
    file_type = None
    if file is not None:
        file_type = _check_file(file, label)
    else:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
            raise InvalidEvidence(
                _("%(outcome)s: “%(url)s” is not an http(s) link.") % {"outcome": label, "url": url[:100]}, field="url"
            )
    with transaction.atomic(durable=True):
        evidence = Evidence(outcome=outcome, stage=stage, title=title[:200], added_by=_user(actor))
        if file_type is not None:
            evidence.kind = EvidenceKind.FILE
            evidence.original_name = (getattr(file, "name", "") or "")[-200:]
            evidence.content_type = file_type.content_type
            evidence.size = file.size
            file.seek(0)
            evidence.file.save(f"{uuid.uuid4().hex}{file_type.extension}", file, save=False)
        else:
            evidence.kind = EvidenceKind.LINK
            evidence.url = url
        evidence.save()
        log_action(
            evidence,
            "outcomes.evidence.added",
            actor=actor,
            edition_id=outcome.edition_id,
            data={
                "outcome": outcome.pk,
                "stage": stage.pk if stage is not None else None,
                "kind": evidence.kind,
                "title": evidence.title,
                "original_name": evidence.original_name,
                "url": evidence.url,
            },
        )
    return evidence


def _user(actor: Any):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


# --- reminders -------------------------------------------------------------------------------


def _reminder_kind(stage: Stage, today: dt.date) -> str | None:
    if stage.planned_on < today:
        return ReminderKind.OVERDUE
    if (stage.planned_on - today).days <= REMIND_DAYS:
        return ReminderKind.DUE_SOON
    return None


def send_reminders(*, today: dt.date | None = None, edition: Edition | None = None) -> int:
    """Remind the contacts of every open stage of followed outcomes (all editions, or ``edition``): once when
    its planned date is within 14 days ("due soon") and once when it is overdue. The contact people with an
    e-mail receive it, or the edition's organizers when there are none. Each (stage, kind, planned date) goes
    once: a :class:`Reminder` row with a unique constraint, written before the mail goes out after commit, so
    running twice (or from two processes at once) sends once; a replanned date reminds again.

    ``today`` is the local day (default: today in each edition's time zone). Returns how many reminders went.
    """
    stages = (
        Stage.objects.filter(actual_on__isnull=True, outcome__state=OutcomeState.ACTIVE)
        .select_related("outcome__edition", "outcome__responsible_unit")
        .order_by("outcome__edition_id", "outcome__code", "order", "pk")
    )
    if edition is not None:
        stages = stages.filter(outcome__edition=edition)
    if today is not None:
        stages = stages.filter(planned_on__lte=today + dt.timedelta(days=REMIND_DAYS))
    sent = 0
    for stage in stages:
        day = today or today_in(stage.outcome.edition)
        kind = _reminder_kind(stage, day)
        if kind is None:
            continue
        if Reminder.objects.filter(stage=stage, kind=kind, planned_on=stage.planned_on).exists():
            continue
        recipients = reminders.recipients_of(stage.outcome)
        if not recipients:
            continue
        with transaction.atomic(durable=True):
            try:
                with transaction.atomic():
                    Reminder.objects.create(
                        stage=stage,
                        kind=kind,
                        planned_on=stage.planned_on,
                        recipients=", ".join(r.email for r in recipients)[:5000],
                    )
            except IntegrityError:  # another run sent it in the meantime
                continue
            transaction.on_commit(functools.partial(reminders.send_reminder, stage.pk, kind, today=day))
        sent += 1
    return sent
