"""Check-in (签到): a gate scans a badge; the first scan of the day admits, every later one is a repeat.

:func:`scan` is the one use case. The client (the scanner page, a scanner app, a
partner system) makes an id for every scan and sends it with the scan: a scan id
seen before answers what it answered the first time and changes nothing, so a
queue sent twice after the network came back counts each scan once. A valid
badge creates the :class:`CheckIn` of its day (the local date of the scan in the
edition's time zone); the database keeps one per badge and day
(``check_in_once_a_day``), so two gates scanning the same badge at the same
moment never both admit: the insert runs in a savepoint, and the gate that loses
the race reads the winner's check-in and answers "repeat", with when and where
the badge was first seen.

Each scan writes one :class:`Scan` row (the trail of the gates: scanner, device,
gate, time, result); repeats and refusals are recorded there only, being their
own record; an admission (the check-in) is audited as ``services.checkin.admitted``.
:func:`counts` gives the live figures per gate and per category, in a constant
number of queries.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.forums.models import Edition

from . import badges
from .enums import Attendance, RegistrationStatus, ScanResult
from .models import CheckIn, Gate, GuestCategory, Registration, Scan

#: Longest scanned text kept (the Scan row's column).
PAYLOAD_LENGTH = Scan._meta.get_field("payload").max_length or 200
DEVICE_LENGTH = Scan._meta.get_field("device").max_length or 60


class CheckInError(Exception):
    """A scan that cannot be recorded at all (not a refusal at the gate); the message names the item."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ScanAnswer:
    """What the gate shows after a scan."""

    scan_id: uuid.UUID
    result: str
    message: str
    gate: Gate
    scanned_at: dt.datetime
    day: dt.date
    registration: Registration | None = None
    first_at: dt.datetime | None = None
    first_gate: Gate | None = None
    replayed: bool = False

    @property
    def admitted(self) -> bool:
        return self.result == ScanResult.ADMITTED

    @property
    def name_zh(self) -> str:
        if self.registration is None:
            return ""
        person = self.registration.person
        return getattr(person, "name_zh_hans", "") or person.name

    @property
    def name_en(self) -> str:
        if self.registration is None:
            return ""
        return getattr(self.registration.person, "name_en", "") or ""

    @property
    def category(self) -> GuestCategory | None:
        return self.registration.category if self.registration is not None else None


@dataclass(frozen=True)
class _Verdict:
    result: str
    reason: str
    registration: Registration | None


# --- judging a badge --------------------------------------------------------------


#: What a gate needs of a registration, its person and its category (the scan is the hot path).
_ANSWER_FIELDS = (
    "edition_id",
    "reference",
    "status",
    "attendance",
    "badge_version",
    "person__name",
    "person__name_zh_hans",
    "person__name_en",
    "category__code",
    "category__name",
    "category__name_zh_hans",
    "category__name_en",
    "category__color",
)


def _registration_for(edition: Edition, reference: str) -> Registration | None:
    try:
        return (
            Registration.objects.select_related("person", "category")
            .only(*_ANSWER_FIELDS)
            .get(edition=edition, reference=reference)
        )
    except Registration.DoesNotExist:
        return None


def judge(edition: Edition, payload: str) -> _Verdict:
    """Whether the scanned text is a badge of ``edition`` that may come in (before the once-a-day rule)."""
    claim = badges.read_token(payload)
    if claim is None:
        return _Verdict(ScanResult.INVALID, _("This is not a badge of the forum (the code is not signed)."), None)
    registration = _registration_for(edition, claim.reference)
    if registration is None:
        return _Verdict(
            ScanResult.INVALID,
            _("Badge %(reference)s is not a badge of %(edition)s.")
            % {"reference": claim.reference, "edition": edition.name},
            None,
        )
    reference = registration.reference
    if registration.status == RegistrationStatus.SUBSTITUTED:
        return _Verdict(
            ScanResult.NOT_ADMITTED,
            _("Badge %(reference)s was handed to another person: it no longer admits anyone.")
            % {"reference": reference},
            registration,
        )
    if registration.status != RegistrationStatus.APPROVED:
        return _Verdict(
            ScanResult.NOT_ADMITTED,
            _("Registration %(reference)s is %(status)s: not admitted.")
            % {"reference": reference, "status": registration.get_status_display()},
            registration,
        )
    if claim.version != registration.badge_version:
        return _Verdict(
            ScanResult.NOT_ADMITTED,
            _("Badge %(reference)s is an old badge (version %(old)s; version %(current)s was issued since).")
            % {"reference": reference, "old": claim.version, "current": registration.badge_version},
            registration,
        )
    if registration.attendance != Attendance.ON_SITE:
        return _Verdict(
            ScanResult.NOT_ADMITTED,
            _("Registration %(reference)s follows the forum online: not admitted on site.") % {"reference": reference},
            registration,
        )
    return _Verdict(ScanResult.ADMITTED, "", registration)


def _message(result: str, registration: Registration | None, check_in: CheckIn | None, edition: Edition) -> str:
    if result == ScanResult.ADMITTED and registration is not None:
        return _("Welcome: %(reference)s is checked in.") % {"reference": registration.reference}
    if result == ScanResult.REPEAT and registration is not None and check_in is not None:
        return _("%(reference)s was already checked in at %(time)s at %(gate)s.") % {
            "reference": registration.reference,
            "time": timezone.localtime(check_in.scanned_at, edition.tz).strftime("%H:%M"),
            "gate": check_in.gate.name,
        }
    return ""


# --- the time of a scan -------------------------------------------------------------


def clamp_time(edition: Edition, scanned_at: dt.datetime | None, *, now: dt.datetime | None = None) -> dt.datetime:
    """The time a scan counts at: the client's clock, but never in the future nor before the edition's first day."""
    now = now or timezone.now()
    if scanned_at is None:
        return now
    if timezone.is_naive(scanned_at):
        scanned_at = timezone.make_aware(scanned_at, edition.tz)
    when = min(scanned_at, now)
    if when < edition.starts_at:
        when = min(edition.starts_at, now)
    return when


def day_of(edition: Edition, when: dt.datetime) -> dt.date:
    return timezone.localtime(when, edition.tz).date()


# --- the use case -------------------------------------------------------------------


def _replay(earlier: Scan, edition: Edition) -> ScanAnswer:
    check_in = earlier.check_in
    registration = earlier.registration
    if earlier.result in (ScanResult.ADMITTED, ScanResult.REPEAT):
        message = _message(earlier.result, registration, check_in, edition)
    else:
        message = judge(edition, earlier.payload).reason or str(ScanResult(earlier.result).label)
    return ScanAnswer(
        scan_id=earlier.pk,
        result=earlier.result,
        message=message,
        gate=earlier.gate,
        scanned_at=earlier.scanned_at,
        day=day_of(edition, earlier.scanned_at),
        registration=registration,
        first_at=check_in.scanned_at if check_in is not None and earlier.result == ScanResult.REPEAT else None,
        first_gate=check_in.gate if check_in is not None and earlier.result == ScanResult.REPEAT else None,
        replayed=True,
    )


def _earlier(scan_id: uuid.UUID) -> Scan | None:
    return (
        Scan.objects.select_related(
            "gate", "registration__person", "registration__category", "check_in__gate", "edition"
        )
        .filter(pk=scan_id)
        .first()
    )


def _same_edition(earlier: Scan, edition: Edition) -> Scan:
    if earlier.edition_id != edition.pk:
        raise CheckInError(_("The scan id %(id)s was already used elsewhere.") % {"id": earlier.pk})
    return earlier


def scan(
    edition: Edition,
    gate: Gate,
    payload: str,
    *,
    scan_id: uuid.UUID | str,
    scanned_at: dt.datetime | None = None,
    device: str = "",
    actor: Any = None,
    now: dt.datetime | None = None,
) -> ScanAnswer:
    """A gate's scan of a badge: admitted once a day, a repeat after that, or refused with the reason.

    Runs in one transaction (nesting in a caller's, as the API's idempotency record needs).
    A ``scan_id`` sent before answers the first answer and records nothing new.
    """
    try:
        scan_id = scan_id if isinstance(scan_id, uuid.UUID) else uuid.UUID(str(scan_id))
    except ValueError as error:
        raise CheckInError(_("The scan id %(id)s is not a UUID.") % {"id": str(scan_id)[:60]}) from error
    if gate.edition_id != edition.pk:
        raise CheckInError(_("The gate %(gate)s is not a gate of %(edition)s.") % {"gate": gate, "edition": edition})
    payload = (payload or "").strip()[:PAYLOAD_LENGTH]
    device = (device or "").strip()[:DEVICE_LENGTH]
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():  # the scan's transaction (a savepoint when the caller has one)
            if Scan.objects.filter(pk=scan_id).exists():
                earlier = _earlier(scan_id)
                if earlier is not None:
                    return _replay(_same_edition(earlier, edition), edition)
            when = clamp_time(edition, scanned_at, now=now)
            day = day_of(edition, when)
            verdict = judge(edition, payload)
            registration = verdict.registration
            result, check_in = verdict.result, None
            if verdict.result == ScanResult.ADMITTED and registration is not None:
                result, check_in = _check_in_once(registration, gate, day, when)
                if result == ScanResult.ADMITTED:
                    log_action(
                        check_in,
                        "services.checkin.admitted",
                        actor=user,
                        edition_id=edition.pk,
                        data={"gate": gate.code, "day": day, "scan": str(scan_id), "device": device},
                    )
            Scan.objects.create(
                id=scan_id,
                edition=edition,
                gate=gate,
                payload=payload,
                registration=registration,
                result=result,
                check_in=check_in,
                scanned_at=when,
                device=device,
                scanned_by=user,
            )
    except IntegrityError:
        # Another client recorded the same scan id first (a queue sent twice at once): its answer stands,
        # and everything this one did is rolled back with the transaction.
        earlier = _earlier(scan_id)
        if earlier is None:  # pragma: no cover - an integrity error of something else
            raise
        return _replay(_same_edition(earlier, edition), edition)
    first = check_in if result == ScanResult.REPEAT else None
    return ScanAnswer(
        scan_id=scan_id,
        result=result,
        message=verdict.reason or _message(result, registration, check_in, edition),
        gate=gate,
        scanned_at=when,
        day=day,
        registration=registration,
        first_at=first.scanned_at if first is not None else None,
        first_gate=first.gate if first is not None else None,
    )


def _check_in_once(registration: Registration, gate: Gate, day: dt.date, when: dt.datetime) -> tuple[str, CheckIn]:
    """The day's check-in: a new one (admitted), or the one another scan made first (repeat)."""
    existing = CheckIn.objects.select_related("gate").filter(registration=registration, day=day).order_by()[:1]
    if existing:
        return ScanResult.REPEAT, existing[0]
    try:
        with transaction.atomic():  # savepoint: the unique constraint decides between racing gates
            created = CheckIn.objects.create(registration=registration, gate=gate, day=day, scanned_at=when)
    except IntegrityError:
        winner = CheckIn.objects.select_related("gate").get(registration=registration, day=day)
        return ScanResult.REPEAT, winner
    created.gate = gate
    return ScanResult.ADMITTED, created


# --- reading --------------------------------------------------------------------


def gates_of(edition: Edition) -> list[Gate]:
    return list(Gate.objects.filter(edition=edition).order_by("order", "code"))


def gate_by_code(edition: Edition, code: str) -> Gate | None:
    return Gate.objects.filter(edition=edition, code=code).first()


@dataclass
class CountRow:
    """One gate's or one category's check-ins: on the day, and over the whole forum."""

    key: Any
    label: str
    today: int = 0
    total: int = 0
    expected: int | None = None
    color: str = ""

    def share(self, of: int) -> float:
        return (self.today / of) if of else 0.0


@dataclass
class Counts:
    day: dt.date
    gates: list[CountRow] = field(default_factory=list)
    categories: list[CountRow] = field(default_factory=list)
    today: int = 0
    total: int = 0
    expected: int = 0
    scans_today: int = 0

    @property
    def max_gate(self) -> int:
        return max([row.today for row in self.gates] + [1])

    @property
    def max_category(self) -> int:
        return max([max(row.today, row.expected or 0) for row in self.categories] + [1])


def counts(edition: Edition, *, day: dt.date | None = None) -> Counts:
    """Check-ins per gate and per category, today and in total, and the day's scans: six queries."""
    day = day or timezone.localdate(timezone=edition.tz)
    by_today = Count("pk", filter=Q(day=day))
    gates = gates_of(edition)
    categories = list(GuestCategory.objects.filter(edition=edition, attendance=Attendance.ON_SITE).order_by("order"))
    check_ins = CheckIn.objects.filter(registration__edition=edition).order_by()
    per_gate = {row["gate_id"]: row for row in check_ins.values("gate_id").annotate(today=by_today, total=Count("pk"))}
    per_category = {
        row["registration__category_id"]: row
        for row in check_ins.values("registration__category_id").annotate(today=by_today, total=Count("pk"))
    }
    approved = dict(
        Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED, attendance=Attendance.ON_SITE)
        .order_by()
        .values_list("category_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "n")
    )
    result = Counts(day=day)
    for gate in gates:
        row = per_gate.get(gate.pk, {})
        result.gates.append(CountRow(gate, gate.name, row.get("today", 0), row.get("total", 0)))
    for category in categories:
        row = per_category.get(category.pk, {})
        result.categories.append(
            CountRow(
                category,
                category.name,
                row.get("today", 0),
                row.get("total", 0),
                expected=approved.get(category.pk, 0),
                color=category.color,
            )
        )
    result.today = sum(row.today for row in result.gates)
    result.total = sum(row.total for row in result.gates)
    result.expected = sum(approved.values())
    result.scans_today = Scan.objects.filter(
        edition=edition, scanned_at__gte=_start_of(edition, day), scanned_at__lt=_start_of(edition, day, 1)
    ).count()
    return result


def _start_of(edition: Edition, day: dt.date, plus: int = 0) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=plus), dt.time.min, tzinfo=edition.tz)


def recent_scans(edition: Edition, *, gate: Gate | None = None, limit: int = 10) -> list[Scan]:
    found = Scan.objects.filter(edition=edition).select_related("gate", "registration__person")
    if gate is not None:
        found = found.filter(gate=gate)
    return list(found.order_by("-received_at")[:limit])
