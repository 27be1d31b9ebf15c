"""Booth applications (展位申请): an exhibitor asks for space in a zone; organizers reserve a booth, then confirm it.

Statuses: ``submitted`` → ``reserved`` (a booth is held) → ``confirmed``; ``waitlisted``
when the zone had no free booth of the kind and size asked for; ``declined`` by the
organizers, ``withdrawn`` by the exhibitor. Each function is one use case in its own
durable transaction with its audit entry; ``actor`` is the acting user (``None`` is
the system). Who may do what is in ``rules.py``: exhibitor managers (and organizers)
apply and withdraw; organizers reserve, confirm, decline and release.

A booth is held once. :func:`reserve_booth` locks the booth row, then checks that no
other application holds it, then writes; the partial unique constraint
``booth_held_once`` is the backstop for any writer that skips the lock, and its
IntegrityError becomes the same clear message.

When a booth becomes free (withdrawn, declined, released), the first waitlisted
application of the zone that fits it (same kind, asking for no more than its area) is
**offered** the booth, not given it: it goes back to ``submitted`` with a line in its
note and an audit entry. Organizers then reserve as usual. We do not auto-reserve
because a booth has a price and a place the exhibitor has not seen yet, and because
organizers weigh more than the order of arrival (the guest province, the launch stage);
the application keeps its place in the queue (its ``created``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import log_action
from ecoforum.core.locking import lock_one
from ecoforum.forums.models import Edition

from .enums import ApplicationStatus, BoothKind
from .models import HOLDING, Booth, BoothApplication, Exhibitor, Zone

OPEN = [
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.WAITLISTED,
    ApplicationStatus.RESERVED,
    ApplicationStatus.CONFIRMED,
]
MAX_AREA = Decimal("99999.99")


class ApplicationError(Exception):
    """A booth application that cannot be made or moved on as asked."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _name(application: BoothApplication) -> str:
    return _("The application of %(exhibitor)s for %(zone)s") % {
        "exhibitor": application.exhibitor,
        "zone": application.zone,
    }


def _locked(application: BoothApplication) -> BoothApplication:
    locked = lock_one(BoothApplication, application.pk)
    locked.exhibitor = Exhibitor.objects.select_related("edition").get(pk=locked.exhibitor_id)
    locked.zone = Zone.objects.get(pk=locked.zone_id)
    return locked


def _allocator(actor: Any, application: BoothApplication) -> None:
    if actor is not None and not actor.has_perm("exhibition.allocate_booth", application):
        raise PermissionDenied(
            _("Only the organizers may allocate booths. %(application)s was not changed.")
            % {"application": _name(application)}
        )


def _unheld(booths: QuerySet[Booth]) -> QuerySet[Booth]:
    holding = BoothApplication.objects.filter(booth=OuterRef("pk"), status__in=HOLDING)
    return booths.filter(~Exists(holding))


def free_booths(zone: Zone, *, kind: str | None = None, area: Decimal | None = None) -> QuerySet[Booth]:
    """The zone's booths that are for allocation and held by nobody, smallest first."""
    booths = _unheld(Booth.objects.filter(zone=zone, is_blocked=False))
    if kind is not None:
        booths = booths.filter(kind=kind)
    if area is not None:
        booths = booths.filter(area__gte=area)
    return booths.order_by("area", "code")


def _holder(booth: Booth, *, other_than: int | None = None) -> BoothApplication | None:
    holders = BoothApplication.objects.filter(booth=booth, status__in=HOLDING).select_related("exhibitor")
    if other_than is not None:
        holders = holders.exclude(pk=other_than)
    return holders.first()


def _taken(booth: Booth, holder: BoothApplication | None) -> ApplicationError:
    if holder is None:
        return ApplicationError(_("Booth %(booth)s was just given to another exhibitor.") % {"booth": booth.code})
    return ApplicationError(
        _("Booth %(booth)s is already given to %(exhibitor)s.") % {"booth": booth.code, "exhibitor": holder.exhibitor}
    )


# --- the exhibitor applies and withdraws ------------------------------------------------------


def apply_for_booth(
    exhibitor: Exhibitor, *, zone: Zone, kind: str, area: Any, note: str = "", actor: Any
) -> BoothApplication:
    """Ask for a booth of ``kind`` and at least ``area`` m² in ``zone``.

    With no free booth of that kind at that size or larger in the zone, the application
    goes straight to the waiting list (its status says so; the portal tells the exhibitor).
    """
    if actor is not None and not actor.has_perm("exhibition.apply_for_booth", exhibitor):
        raise PermissionDenied(_("You may not apply for booths for %(exhibitor)s.") % {"exhibitor": exhibitor})
    if zone.edition_id != exhibitor.edition_id:
        raise ApplicationError(
            _("%(zone)s is not a zone of the edition %(exhibitor)s exhibits at.")
            % {"zone": zone, "exhibitor": exhibitor}
        )
    if kind not in BoothKind.values:
        raise ApplicationError(_("%(kind)s is not a kind of booth.") % {"kind": kind})
    try:
        wanted = Decimal(str(area)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as exc:
        raise ApplicationError(_("The area is a number of square metres, such as 9 or 36.")) from exc
    if not Decimal("0") < wanted <= MAX_AREA:
        raise ApplicationError(_("The area must be more than 0 m² and at most %(max)s m².") % {"max": MAX_AREA})
    note = (note or "").strip()
    if len(note) > 2000:
        raise ApplicationError(_("The note may have at most 2000 characters."))

    with transaction.atomic(durable=True):
        lock_one(Exhibitor, exhibitor.pk)  # one applicant at a time per exhibitor
        if BoothApplication.objects.filter(exhibitor=exhibitor, zone=zone, status__in=OPEN).exists():
            raise ApplicationError(
                _("%(exhibitor)s already has an open application for %(zone)s.")
                % {"exhibitor": exhibitor, "zone": zone}
            )
        fits = free_booths(zone, kind=kind, area=wanted).exists()
        application = BoothApplication(
            edition_id=exhibitor.edition_id,
            exhibitor=exhibitor,
            zone=zone,
            kind=kind,
            area=wanted,
            note=note,
            status=ApplicationStatus.SUBMITTED if fits else ApplicationStatus.WAITLISTED,
        )
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError as exc:
            raise ApplicationError(
                _("%(exhibitor)s already has an open application for %(zone)s.")
                % {"exhibitor": exhibitor, "zone": zone}
            ) from exc
        log_action(
            application,
            "exhibition.application.submitted" if fits else "exhibition.application.waitlisted",
            actor=actor,
            data={
                "exhibitor": exhibitor.pk,
                "zone": zone.code,
                "kind": kind,
                "area": wanted,
                "status": application.status,
            },
        )
    return application


def withdraw_application(application: BoothApplication, *, actor: Any) -> BoothApplication:
    """The exhibitor takes its application back; a booth it held is free again (and offered to the waiting list)."""
    with transaction.atomic(durable=True):
        locked = _locked(application)
        if actor is not None and not actor.has_perm("exhibition.withdraw_application", locked.exhibitor):
            raise PermissionDenied(
                _("%(application)s can only be withdrawn by the exhibitor's managers.") % {"application": _name(locked)}
            )
        if locked.status not in OPEN:
            raise ApplicationError(
                _("%(application)s is already “%(status)s”.")
                % {"application": _name(locked), "status": locked.get_status_display()}
            )
        _close(locked, status=ApplicationStatus.WITHDRAWN, action="withdrawn", actor=actor)
    return locked


# --- the organizers allocate ------------------------------------------------------------------


def reserve_booth(application: BoothApplication, *, booth: Booth, actor: Any) -> BoothApplication:
    """Hold ``booth`` for the application (submitted or waitlisted → reserved)."""
    _allocator(actor, application)
    with transaction.atomic(durable=True):
        locked_booth = lock_one(Booth, booth.pk)
        locked = _locked(application)
        if locked.status not in (ApplicationStatus.SUBMITTED, ApplicationStatus.WAITLISTED):
            raise ApplicationError(
                _("%(application)s is at “%(status)s”; only a submitted or waitlisted application gets a booth.")
                % {"application": _name(locked), "status": locked.get_status_display()}
            )
        if locked_booth.zone_id != locked.zone_id:
            raise ApplicationError(
                _("Booth %(booth)s is not in %(zone)s.") % {"booth": locked_booth.code, "zone": locked.zone}
            )
        if locked_booth.is_blocked:
            raise ApplicationError(_("Booth %(booth)s is not for allocation.") % {"booth": locked_booth.code})
        holder = _holder(locked_booth, other_than=locked.pk)
        if holder is not None:
            raise _taken(locked_booth, holder)
        before = locked.status
        locked.status, locked.booth = ApplicationStatus.RESERVED, locked_booth
        locked.decided, locked.decided_by = timezone.now(), _user(actor)
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "booth", "decided", "decided_by"])
        except IntegrityError as exc:
            raise _taken(locked_booth, _holder(locked_booth, other_than=locked.pk)) from exc
        log_action(
            locked,
            "exhibition.booth.reserved",
            actor=actor,
            data={"status": [before, locked.status], "booth": locked_booth.code},
        )
    return locked


def confirm_booth(application: BoothApplication, *, actor: Any) -> BoothApplication:
    """Reserved → confirmed."""
    _allocator(actor, application)
    with transaction.atomic(durable=True):
        locked = _locked(application)
        if locked.status != ApplicationStatus.RESERVED:
            raise ApplicationError(
                _("%(application)s is at “%(status)s”; only a reserved booth can be confirmed.")
                % {"application": _name(locked), "status": locked.get_status_display()}
            )
        locked.status = ApplicationStatus.CONFIRMED
        locked.decided, locked.decided_by = timezone.now(), _user(actor)
        locked.save(update_fields=["status", "decided", "decided_by"])
        log_action(
            locked,
            "exhibition.booth.confirmed",
            actor=actor,
            data={
                "status": [ApplicationStatus.RESERVED, locked.status],
                "booth": locked.booth.code if locked.booth else None,
            },
        )
    return locked


def decline_application(application: BoothApplication, *, actor: Any, reason: str = "") -> BoothApplication:
    """The organizers say no; a booth it held is free again (and offered to the waiting list)."""
    _allocator(actor, application)
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ApplicationError(_("A reason may have at most 500 characters."))
    with transaction.atomic(durable=True):
        locked = _locked(application)
        if locked.status not in OPEN:
            raise ApplicationError(
                _("%(application)s is already “%(status)s”.")
                % {"application": _name(locked), "status": locked.get_status_display()}
            )
        _close(locked, status=ApplicationStatus.DECLINED, action="declined", actor=actor, reason=reason)
    return locked


def release_booth(application: BoothApplication, *, actor: Any) -> BoothApplication:
    """Take the booth back from a reserved or confirmed application, which goes back to submitted."""
    _allocator(actor, application)
    with transaction.atomic(durable=True):
        locked = _locked(application)
        if locked.status not in HOLDING or locked.booth_id is None:
            raise ApplicationError(_("%(application)s holds no booth.") % {"application": _name(locked)})
        booth = Booth.objects.get(pk=locked.booth_id)
        before = locked.status
        locked.status, locked.booth = ApplicationStatus.SUBMITTED, None
        locked.decided, locked.decided_by = timezone.now(), _user(actor)
        locked.save(update_fields=["status", "booth", "decided", "decided_by"])
        log_action(
            locked,
            "exhibition.booth.released",
            actor=actor,
            data={"status": [before, locked.status], "booth": booth.code},
        )
        _offer(booth, actor=actor, freed_by=locked)
    return locked


# --- shared steps -----------------------------------------------------------------------------


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def _close(locked: BoothApplication, *, status: str, action: str, actor: Any, reason: str = "") -> None:
    before = locked.status
    booth = Booth.objects.get(pk=locked.booth_id) if locked.booth_id and before in HOLDING else None
    locked.status, locked.booth = status, None
    locked.decided, locked.decided_by = timezone.now(), _user(actor)
    locked.save(update_fields=["status", "booth", "decided", "decided_by"])
    data: dict[str, Any] = {"status": [before, status], "booth": booth.code if booth else None}
    if reason:
        data["reason"] = reason
    log_action(locked, f"exhibition.application.{action}", actor=actor, data=data)
    if booth is not None:
        _offer(booth, actor=actor, freed_by=locked)


def _offer(booth: Booth, *, actor: Any, freed_by: BoothApplication) -> BoothApplication | None:
    """Offer a booth that just became free to the first waitlisted application of its zone that fits it."""
    if booth.is_blocked or _holder(booth) is not None:
        return None
    candidates = (
        BoothApplication.objects.filter(
            zone_id=booth.zone_id, status=ApplicationStatus.WAITLISTED, kind=booth.kind, area__lte=booth.area
        )
        .order_by("created", "pk")
        .values_list("pk", flat=True)
    )
    for pk in candidates[:5]:
        offered = lock_one(BoothApplication, pk)
        if offered.status != ApplicationStatus.WAITLISTED:
            continue  # moved on while we looked
        line = _("Offered on %(date)s: booth %(booth)s became free; the organizers will reserve it for you.") % {
            "date": timezone.localdate().isoformat(),
            "booth": booth.code,
        }
        offered.note = (f"{offered.note}\n{line}" if offered.note else line)[-2000:]
        offered.status = ApplicationStatus.SUBMITTED
        offered.save(update_fields=["status", "note"])
        log_action(
            offered,
            "exhibition.application.offered",
            actor=actor,
            data={
                "status": [ApplicationStatus.WAITLISTED, offered.status],
                "booth": booth.code,
                "freed_by": freed_by.pk,
            },
        )
        return offered
    return None


# --- reads ------------------------------------------------------------------------------------


def waiting_list(zone: Zone) -> QuerySet[BoothApplication]:
    """The zone's waitlisted applications, first come first."""
    return (
        BoothApplication.objects.filter(zone=zone, status=ApplicationStatus.WAITLISTED)
        .select_related("exhibitor")
        .order_by("created", "pk")
    )


def applications_of_exhibitor(exhibitor: Exhibitor) -> QuerySet[BoothApplication]:
    return (
        BoothApplication.objects.filter(exhibitor=exhibitor).select_related("zone", "booth").order_by("-created", "-pk")
    )


def applications_of_edition(
    edition: Edition, *, status: str = "", zone: Zone | None = None
) -> QuerySet[BoothApplication]:
    applications = BoothApplication.objects.filter(edition=edition).select_related("exhibitor", "zone", "booth")
    if status:
        applications = applications.filter(status=status)
    if zone is not None:
        applications = applications.filter(zone=zone)
    return applications.order_by("zone__order", "zone__code", "created", "pk")


@dataclass
class ZoneCounts:
    zone: Zone
    booths: int = 0
    blocked: int = 0
    free: int = 0
    reserved: int = 0
    confirmed: int = 0
    waiting: int = 0


def zone_counts(edition: Edition) -> list[ZoneCounts]:
    """Per zone of the edition: booths free, reserved, confirmed, blocked, and applications waiting (three queries)."""
    zones = {zone.pk: ZoneCounts(zone) for zone in Zone.objects.filter(edition=edition).order_by("order", "code")}
    held = dict(BoothApplication.objects.filter(edition=edition, status__in=HOLDING).values_list("booth_id", "status"))
    for pk, zone_id, blocked in Booth.objects.filter(edition=edition).values_list("pk", "zone_id", "is_blocked"):
        counts = zones.get(zone_id)
        if counts is None:
            continue
        counts.booths += 1
        status = held.get(pk)
        if status == ApplicationStatus.CONFIRMED:
            counts.confirmed += 1
        elif status == ApplicationStatus.RESERVED:
            counts.reserved += 1
        elif blocked:
            counts.blocked += 1
        else:
            counts.free += 1
    for zone_id in BoothApplication.objects.filter(edition=edition, status=ApplicationStatus.WAITLISTED).values_list(
        "zone_id", flat=True
    ):
        if zone_id in zones:
            zones[zone_id].waiting += 1
    return list(zones.values())


def free_booths_of_edition(edition: Edition) -> dict[int, list[Booth]]:
    """``{zone id: [free booths, smallest first]}`` for the reserve selects of the organizers' page (one query)."""
    booths = _unheld(Booth.objects.filter(edition=edition, is_blocked=False))
    by_zone: dict[int, list[Booth]] = {}
    for booth in booths.order_by("area", "code"):
        by_zone.setdefault(booth.zone_id, []).append(booth)
    return by_zone
