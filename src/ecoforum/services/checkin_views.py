"""Pages of check-in, under ``/manage/<edition>/services/``.

- ``scan/``: the scanner page of the gates (``services.scan_badges``: gate staff, guest
  services, organizers). The page keeps its scans in a queue in the browser and sends
  them one by one to ``scan/submit`` (JSON); see ``static/services/scanner.js``.
- ``checkins/``: the live counts per gate and per category (any committee member,
  ``forums.view_backoffice``), refreshed by htmx polling.

An edition the user has no part in is a 404; a committee member without the
permission gets a 403.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import checkin
from .checkin import CheckInError, ScanAnswer
from .enums import ScanResult

#: Seconds between two refreshes of the live counts.
COUNTS_REFRESH = 5


def backoffice_edition(request: HttpRequest, slug: str, permission: str) -> Edition:
    """The edition at ``/manage/<slug>/`` for a committee member with ``permission`` (see ``committee_edition``)."""
    return committee_edition(request, slug, permission)


def answer_json(answer: ScanAnswer, edition: Edition) -> dict[str, Any]:
    """A scan's answer as the scanner page (and the API) shows it; times in the edition's time zone."""
    registration = answer.registration
    category = answer.category
    first_at = timezone.localtime(answer.first_at, edition.tz) if answer.first_at else None
    scanned_at = timezone.localtime(answer.scanned_at, edition.tz)
    return {
        "scan_id": str(answer.scan_id),
        "result": answer.result,
        "result_label": str(ScanResult(answer.result).label),
        "message": answer.message,
        "gate": answer.gate.code,
        "gate_name": answer.gate.name,
        "scanned_at": scanned_at.isoformat(),
        "day": answer.day.isoformat(),
        "reference": registration.reference if registration is not None else "",
        "name_zh": answer.name_zh,
        "name_en": answer.name_en,
        "category": category.name if category is not None else "",
        "color": category.color if category is not None else "",
        "first_at": first_at.isoformat() if first_at else None,
        "first_time": first_at.strftime("%H:%M") if first_at else "",
        "first_gate": answer.first_gate.code if answer.first_gate else "",
        "first_gate_name": answer.first_gate.name if answer.first_gate else "",
        "replayed": answer.replayed,
    }


# --- the scanner ----------------------------------------------------------------


@login_required
@require_GET
def scan_page(request, edition_slug: str):
    edition = backoffice_edition(request, edition_slug, "services.scan_badges")
    gates = checkin.gates_of(edition)
    strings = {
        "admitted": _("Admitted"),
        "repeat": _("Already checked in"),
        "not_admitted": _("Not admitted"),
        "invalid": _("Not a valid badge"),
        "error": _("Not recorded"),
        "waiting": _("Waiting to sync"),
        "seenHere": _("Already seen here today at %(time)s (%(gate)s). The server will confirm."),
        "queued": _("Saved on this device; it is sent when the network is back."),
        "firstSeen": _("First seen at %(time)s at %(gate)s."),
        "online": pgettext("network", "Online"),
        "offline": _("Offline: scans are kept on this device"),
        "pending": _("%(count)s waiting to sync"),
        "chooseGate": _("Choose your gate first."),
        "login": _("Your session has ended: log in again, then come back to this page. Scans are kept."),
        "noCamera": _("This browser cannot read QR codes with the camera: type or use a hand scanner."),
        "cameraOn": _("Camera on: hold the badge's QR code in the frame."),
        "cameraStart": _("Scan with the camera"),
        "cameraStop": _("Stop the camera"),
        "empty": _("Nothing was scanned."),
    }
    context = {
        "edition": edition,
        "gates": gates,
        "strings": strings,
        "can_view_counts": request.user.has_perm("forums.view_backoffice", edition),
    }
    response = render(request, "services/checkin/scan.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status)


@login_required
@require_POST
def scan_submit(request, edition_slug: str):
    """One scan from the scanner page (JSON in, JSON out). A scan id sent again gets its first answer."""
    edition = backoffice_edition(request, edition_slug, "services.scan_badges")
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return _error(_("The scan is not valid JSON."), 400)
    if not isinstance(data, dict):
        return _error(_("The scan is not valid JSON."), 400)
    gate_code = str(data.get("gate") or "")
    gate = checkin.gate_by_code(edition, gate_code)
    if gate is None:
        return _error(_("There is no gate “%(gate)s” at %(edition)s.") % {"gate": gate_code, "edition": edition}, 422)
    try:
        scan_id = uuid.UUID(str(data.get("scan_id") or ""))
    except ValueError:
        return _error(_("The scan id %(id)s is not a UUID.") % {"id": str(data.get("scan_id"))[:60]}, 422)
    scanned_at: dt.datetime | None = None
    if data.get("scanned_at"):
        try:
            scanned_at = parse_datetime(str(data["scanned_at"]))
        except ValueError:
            scanned_at = None
        if scanned_at is None:
            return _error(
                _("The scan time %(time)s is not a date and time.") % {"time": str(data["scanned_at"])[:40]}, 422
            )
    try:
        answer = checkin.scan(
            edition,
            gate,
            str(data.get("payload") or ""),
            scan_id=scan_id,
            scanned_at=scanned_at,
            device=str(data.get("device") or ""),
            actor=request.user,
        )
    except CheckInError as exc:
        return _error(str(exc.message), 422)
    except Busy as exc:
        return _error(str(exc.message), 503)
    return JsonResponse(answer_json(answer, edition))


# --- the live counts ------------------------------------------------------------


@login_required
@require_GET
def counts_page(request, edition_slug: str):
    """The whole page, or (htmx polling) the figures alone."""
    edition = backoffice_edition(request, edition_slug, "forums.view_backoffice")
    context = {
        "edition": edition,
        "counts": checkin.counts(edition),
        "recent": checkin.recent_scans(edition),
        "refresh": COUNTS_REFRESH,
        "now": timezone.localtime(timezone.now(), edition.tz),
    }
    fragment = bool(request.htmx) and not request.htmx.history_restore_request
    template = "services/checkin/_counts.html" if fragment else "services/checkin/counts.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["HX-Request"])
    return response
