"""Badges (胸卡): the signed token in the QR code, and the PDF of one badge or a batch.

The QR code holds ``EF:<reference>.<badge version>:<signature>``: the registration's
reference and its badge version, signed with Django's signing (HMAC-SHA256 of the
``SECRET_KEY``) under a salt of its own, so a token cannot be guessed, altered or
replayed from another signed value of the site. A badge stops working when its
registration is no longer approved, when it is handed to someone else
(substitution) or when a new badge is issued (``badge_version`` moves on): the
gate then refuses it and says why (:mod:`.checkin`).

A badge is A6 portrait: the edition, the person's name in Chinese (large) and in
English, the organization, the category in both languages on a band in the
category's colour, the QR code and the reference. Several badges print either one
per A6 page or four to an A4 sheet. The data is built once (:class:`Badge`), the PDF
is rendered by WeasyPrint from ``services/badges/badges.html`` with Debian's Noto
CJK fonts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.core import signing
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from ecoforum.forums.models import Edition

from .enums import Attendance, RegistrationStatus
from .models import Registration

#: The signing salt of badge tokens: a value signed for anything else never reads as a badge.
SALT = "ecoforum.services.badge"
PREFIX = "EF:"
#: Layouts of a batch: one A6 badge per page, or four A6 badges on an A4 sheet.
LAYOUTS = ("a6", "a4")
#: Progress is reported after every this many badges laid out.
PROGRESS_EVERY = 25
#: Badges rendered by WeasyPrint at a time (a multiple of four, so A4 sheets stay full).
RENDER_CHUNK = 100

Progress = Callable[[int, int, str], None]


def _signer() -> signing.Signer:
    return signing.Signer(salt=SALT, algorithm="sha256")


def badge_token(registration: Registration) -> str:
    """The text of the badge's QR code: ``EF:K7M3Q9TX.1:<signature>``."""
    return PREFIX + _signer().sign(f"{registration.reference}.{registration.badge_version}")


@dataclass(frozen=True)
class BadgeClaim:
    """What a badge token says: the registration's reference and the badge version."""

    reference: str
    version: int


def read_token(text: str) -> BadgeClaim | None:
    """The claim of a token whose signature holds; ``None`` for anything forged, altered or not a badge."""
    text = (text or "").strip()
    if not text.startswith(PREFIX) or len(text) > 200:
        return None
    try:
        value = _signer().unsign(text[len(PREFIX) :])
    except signing.BadSignature:
        return None
    reference, _dot, version = value.rpartition(".")
    if not reference or not version.isdigit():
        return None
    return BadgeClaim(reference=reference, version=int(version))


def qr_data_uri(text: str, *, scale: int = 4) -> str:
    """The QR code of ``text`` as an SVG data URI (for HTML and for WeasyPrint)."""
    import segno

    return str(segno.make(text, error="m", micro=False).svg_data_uri(scale=scale, border=2, dark="#000"))


def ink_on(color: str) -> str:
    """Black or white, whichever reads better on the background ``color`` (``#rrggbb``)."""
    try:
        red, green, blue = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    except (ValueError, IndexError):
        return "#ffffff"

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    return "#111111" if luminance > 0.4 else "#ffffff"


# --- who gets a badge -----------------------------------------------------------


def has_badge(registration: Registration) -> bool:
    """An approved registration of a guest who comes on site."""
    return registration.status == RegistrationStatus.APPROVED and registration.attendance == Attendance.ON_SITE


def badge_refusal(registration: Registration) -> str:
    """Why ``registration`` has no badge (empty when it has one), in the active language."""
    if registration.attendance != Attendance.ON_SITE:
        return _("Registration %(reference)s follows the forum online: online guests have no badge.") % {
            "reference": registration.reference
        }
    if registration.status != RegistrationStatus.APPROVED:
        return _("Registration %(reference)s is %(status)s: the badge is ready once it is approved.") % {
            "reference": registration.reference,
            "status": registration.get_status_display(),
        }
    return ""


def badge_registrations(
    edition: Edition,
    *,
    category_ids: Iterable[int] | None = None,
    approved_since: dt.datetime | None = None,
) -> QuerySet[Registration]:
    """The edition's approved on-site registrations, by category then name, ready to print."""
    found = Registration.objects.filter(
        edition=edition, status=RegistrationStatus.APPROVED, attendance=Attendance.ON_SITE
    ).select_related("person__organization", "category", "edition")
    if category_ids is not None:
        found = found.filter(category_id__in=list(category_ids))
    if approved_since is not None:
        found = found.filter(decided_at__gte=approved_since)
    return found.order_by("category__order", "category__code", "person__name_zh_hans", "pk")


# --- the data a badge prints ------------------------------------------------------


@dataclass(frozen=True)
class Badge:
    """One badge as it is printed."""

    reference: str
    edition_name: str
    name_zh: str
    name_en: str
    organization_zh: str
    organization_en: str
    category_zh: str
    category_en: str
    color: str
    ink: str
    token: str
    qr: str


def build_badge(registration: Registration) -> Badge:
    person = registration.person
    organization = person.organization
    category = registration.category
    name_zh = getattr(person, "name_zh_hans", "") or person.name or ""
    name_en = getattr(person, "name_en", "") or ""
    org_zh = (getattr(organization, "name_zh_hans", "") or organization.name or "") if organization else ""
    org_en = (getattr(organization, "name_en", "") or "") if organization else ""
    token = badge_token(registration)
    return Badge(
        reference=registration.reference,
        edition_name=registration.edition.name,
        name_zh=name_zh,
        name_en=name_en if name_en != name_zh else "",
        organization_zh=org_zh,
        organization_en=org_en if org_en != org_zh else "",
        category_zh=category.name_zh_hans or category.name,
        category_en=category.name_en or "",
        color=category.color,
        ink=ink_on(category.color),
        token=token,
        qr=qr_data_uri(token),
    )


def build_badges(registrations: Sequence[Registration], *, progress: Progress | None = None) -> list[Badge]:
    badges: list[Badge] = []
    total = len(registrations)
    for number, registration in enumerate(registrations, start=1):
        badges.append(build_badge(registration))
        if progress is not None and (number % PROGRESS_EVERY == 0 or number == total):
            progress(number, total, _("%(done)s of %(count)s badges laid out") % {"done": number, "count": total})
    return badges


# --- the PDF --------------------------------------------------------------------


def _sheets(badges: list[Badge], per_sheet: int) -> list[list[Badge]]:
    return [badges[i : i + per_sheet] for i in range(0, len(badges), per_sheet)]


def badges_html(badges: list[Badge], *, layout: str = "a6") -> str:
    if layout not in LAYOUTS:
        raise ValueError(f"Unknown badge layout {layout!r}")
    per_sheet = 4 if layout == "a4" else 1
    context = {"sheets": _sheets(badges, per_sheet), "layout": layout}
    return render_to_string("services/badges/badges.html", context)


def render_pdf(badges: list[Badge], *, layout: str = "a6", progress: Progress | None = None) -> bytes:
    """The badges as one PDF: ``a6`` one per page, ``a4`` four to a sheet (cut along the thin lines).

    A large batch is laid out in chunks of :data:`RENDER_CHUNK` badges (``progress`` is told after
    each) whose pages are put together into one document.
    """
    from weasyprint import HTML  # type: ignore[import-untyped]  # heavy: loaded only where a PDF is made

    documents = []
    total = len(badges)
    for start in range(0, max(total, 1), RENDER_CHUNK):
        chunk = badges[start : start + RENDER_CHUNK]
        documents.append(HTML(string=badges_html(chunk, layout=layout), base_url=None).render())
        if progress is not None:
            done = min(start + RENDER_CHUNK, total)
            progress(done, total, _("%(done)s of %(count)s badges rendered") % {"done": done, "count": total})
    pages = [page for document in documents for page in document.pages]
    pdf: bytes = documents[0].copy(pages).write_pdf()
    return pdf


def badge_pdf(registration: Registration) -> bytes:
    """One registration's badge, A6."""
    return render_pdf([build_badge(registration)], layout="a6")


def badge_file_name(registration: Registration) -> str:
    return f"badge-{registration.reference}.pdf"
