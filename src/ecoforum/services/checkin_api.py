"""The check-in API, for scanner apps and partner systems. Mounted under ``/api/editions/``.

- ``POST /{edition_slug}/checkins``: one scan; the answer says admitted, repeat (with when
  and at which gate the badge was first seen), not admitted or invalid (with why).
- ``POST /{edition_slug}/checkins/batch``: a scanner app's offline queue, in order; each
  scan is answered on its own (a bad item never fails the others).
- ``GET /{edition_slug}/checkins/counts``: check-ins per gate and per category.

The ``scan_id`` a client makes for each scan is what makes a retry safe: a scan id seen
before gets its first answer and changes nothing. An ``Idempotency-Key`` header is
honoured as well (the whole response is replayed). Every operation needs
``services.scan_badges`` (gate staff, guest services, organizers): a token or a
session with its CSRF token; others get 403.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Router, Schema
from ninja.responses import Status

from ecoforum.core.locking import Busy
from ecoforum.forums import queries as forum_queries
from ecoforum.forums.models import Edition

from . import checkin
from .checkin import CheckInError, ScanAnswer
from .enums import ScanResult
from .models import Gate

router = Router(tags=["guests"])  # mounted with the API's write auth (token, or session + CSRF)

#: Most scans a batch may hold.
BATCH_LIMIT = 500

IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    max_length=200,
    description="Any unique string, such as a UUID. A retry with the same key returns the first response.",
)


class CheckinProblem(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")


ERRORS: dict[int, type[Schema]] = {
    401: CheckinProblem,
    403: CheckinProblem,
    404: CheckinProblem,
    422: CheckinProblem,
    503: CheckinProblem,
}


class ScanIn(Schema):
    gate: str = Field(max_length=30, description="The gate's code.")
    payload: str = Field(max_length=500, description="The text of the badge's QR code.")
    scan_id: uuid.UUID = Field(description="A UUID the client makes for this scan; send it again on a retry.")
    scanned_at: dt.datetime | None = Field(
        None, description="When the badge was scanned (the device's clock); never later than now."
    )
    device: str = Field("", max_length=60, description="The scanning device's name.")


class ScanOut(Schema):
    scan_id: uuid.UUID
    result: ScanResult = Field(description="admitted, repeat, not_admitted or invalid.")
    message: str = Field(description="What the gate should say, in the request's language.")
    gate: str
    scanned_at: dt.datetime = Field(description="The time the scan counts at, in the edition's time zone.")
    day: dt.date
    reference: str | None = None
    name_zh: str | None = None
    name_en: str | None = None
    category: str | None = None
    first_checked_in_at: dt.datetime | None = Field(None, description="For a repeat: the first check-in's time.")
    first_gate: str | None = Field(None, description="For a repeat: the gate of the first check-in.")
    replayed: bool = Field(description="True when this scan id was answered before (nothing new was recorded).")


class BatchIn(Schema):
    scans: list[ScanIn] = Field(max_length=BATCH_LIMIT)


class BatchItem(Schema):
    scan_id: uuid.UUID
    status: int = Field(description="200 for a scan answered, 422 for one that could not be recorded.")
    answer: ScanOut | None = None
    detail: str | None = None


class BatchOut(Schema):
    results: list[BatchItem]


class CountOut(Schema):
    code: str
    name: str
    today: int
    total: int
    approved: int | None = None


class CountsOut(Schema):
    day: dt.date
    today: int
    total: int
    gates: list[CountOut]
    categories: list[CountOut]


# --- helpers ----------------------------------------------------------------


def _user(request: HttpRequest):
    return getattr(request, "auth", None) or request.user


def _edition(request: HttpRequest, slug: str) -> Edition | Status:
    edition = forum_queries.get_edition(slug, user=_user(request))
    if not _user(request).has_perm("services.scan_badges", edition):
        return Status(403, {"detail": _("You may not scan badges at %(edition)s.") % {"edition": edition.name}})
    return edition


def _out(answer: ScanAnswer, edition: Edition) -> ScanOut:
    registration = answer.registration
    category = answer.category
    return ScanOut(
        scan_id=answer.scan_id,
        result=ScanResult(answer.result),
        message=answer.message,
        gate=answer.gate.code,
        scanned_at=timezone.localtime(answer.scanned_at, edition.tz),
        day=answer.day,
        reference=registration.reference if registration is not None else None,
        name_zh=answer.name_zh or None,
        name_en=answer.name_en or None,
        category=category.name if category is not None else None,
        first_checked_in_at=timezone.localtime(answer.first_at, edition.tz) if answer.first_at else None,
        first_gate=answer.first_gate.code if answer.first_gate else None,
        replayed=answer.replayed,
    )


def _no_gate(code: str, edition: Edition) -> str:
    return _("There is no gate “%(gate)s” at %(edition)s.") % {"gate": code, "edition": edition.name}


def _scan(request: HttpRequest, edition: Edition, gate: Gate, item: ScanIn) -> ScanAnswer:
    return checkin.scan(
        edition,
        gate,
        item.payload,
        scan_id=item.scan_id,
        scanned_at=item.scanned_at,
        device=item.device,
        actor=_user(request),
    )


# --- operations -------------------------------------------------------------


@router.post("/{edition_slug}/checkins", response={200: ScanOut, **ERRORS}, summary="Scan a badge at a gate")
def scan_badge(request: HttpRequest, edition_slug: str, payload: ScanIn, idempotency_key: str | None = IDEMPOTENCY_KEY):
    """Admitted the first time a badge is scanned on a day, a repeat after that; or refused, with why."""
    edition = _edition(request, edition_slug)
    if isinstance(edition, Status):
        return edition
    gate = checkin.gate_by_code(edition, payload.gate)
    if gate is None:
        return Status(422, {"detail": _no_gate(payload.gate, edition)})
    try:
        with transaction.atomic():  # nests in the idempotency record's transaction when there is a key
            answer = _scan(request, edition, gate, payload)
    except CheckInError as exc:
        return Status(422, {"detail": str(exc.message)})
    return _out(answer, edition)


@router.post(
    "/{edition_slug}/checkins/batch", response={200: BatchOut, **ERRORS}, summary="Send a scanner's offline queue"
)
def scan_batch(request: HttpRequest, edition_slug: str, payload: BatchIn):
    """The scans in the order they were made, each answered on its own: one bad scan never fails the rest."""
    edition = _edition(request, edition_slug)
    if isinstance(edition, Status):
        return edition
    gates = {gate.code: gate for gate in checkin.gates_of(edition)}
    results: list[BatchItem] = []
    for item in payload.scans:
        gate = gates.get(item.gate)
        if gate is None:
            results.append(BatchItem(scan_id=item.scan_id, status=422, detail=_no_gate(item.gate, edition)))
            continue
        try:
            answer = _scan(request, edition, gate, item)
        except (CheckInError, Busy) as exc:
            results.append(BatchItem(scan_id=item.scan_id, status=422, detail=str(exc.message)))
            continue
        results.append(BatchItem(scan_id=item.scan_id, status=200, answer=_out(answer, edition)))
    return BatchOut(results=results)


@router.get("/{edition_slug}/checkins/counts", response={200: CountsOut, **ERRORS}, summary="Live check-in counts")
def checkin_counts(request: HttpRequest, edition_slug: str):
    """Check-ins per gate and per guest category: today (in the edition's time zone) and over the forum."""
    edition = _edition(request, edition_slug)
    if isinstance(edition, Status):
        return edition
    figures = checkin.counts(edition)
    return CountsOut(
        day=figures.day,
        today=figures.today,
        total=figures.total,
        gates=[CountOut(code=row.key.code, name=row.label, today=row.today, total=row.total) for row in figures.gates],
        categories=[
            CountOut(code=row.key.code, name=row.label, today=row.today, total=row.total, approved=row.expected)
            for row in figures.categories
        ],
    )
