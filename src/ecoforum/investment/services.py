"""Writes of green investment: one function per use case, each with its audit entry.

``add_project`` and ``change_project`` work inside a caller's transaction (the
workbook import composes them); ``create_project`` and ``update_project`` are the
top-level services, each in its own durable transaction.

The ``actor`` is the user who acts, or ``None`` for the system (a command, the
demo loader). A user must hold the permission (``rules.py``): adding a project is
for organizers, changing one for its owner's people and organizers. Callers that
compose ``add_project``/``change_project`` check their own gate (the workbook
import is organizer-only; the admin asks Django's model permissions).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.locking import lock_one
from ecoforum.core.money import CURRENCIES
from ecoforum.forums.models import Edition

from .enums import CooperationMode, ProjectStage
from .exceptions import InvestmentError
from .models import GreenIndustry, InvestmentProject, Investor

#: What a project holds that its services write, as model attribute names.
PROJECT_FIELDS: tuple[str, ...] = (
    "code",
    "name_zh_hans",
    "name_en",
    "summary_zh_hans",
    "summary_en",
    "province",
    "city",
    "county",
    "industry_id",
    "investment_sought",
    "currency",
    "cooperation_mode",
    "stage",
    "owner_id",
    "contact_name",
    "contact_phone",
    "contact_email",
    "is_demo",
)
#: The same, as the services' keyword arguments (``industry``, not ``industry_id``).
PROJECT_ARGUMENTS: frozenset[str] = frozenset(name.removesuffix("_id") for name in PROJECT_FIELDS)


def check_industry(industry: GreenIndustry) -> None:
    """A project sits on a level-3 entry of the catalogue (1.1.1), never on an industry or a group."""
    if industry.level != 3:
        raise InvestmentError(
            _("%(code)s %(name)s is not a level-3 entry of the catalogue (such as 1.1.1).")
            % {"code": industry.code, "name": industry.name}
        )


def check_amount(amount: Any) -> Decimal:
    """The amount sought: a Decimal (or an int) above zero, never a float."""
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise InvestmentError(_("The amount sought must be a Decimal, not %(type)s.") % {"type": type(amount).__name__})
    amount = Decimal(amount)
    if not amount.is_finite() or amount <= 0:
        raise InvestmentError(_("The amount sought must be more than zero."))
    return amount


def _check(project: InvestmentProject) -> None:
    if not project.code.strip():
        raise InvestmentError(_("Every project needs a code."))
    if not (project.name_zh_hans or "").strip():
        raise InvestmentError(_("Project %(code)s needs a Chinese name.") % {"code": project.code})
    if not project.province.strip():
        raise InvestmentError(_("Project %(code)s needs a province.") % {"code": project.code})
    check_industry(project.industry)
    project.investment_sought = check_amount(project.investment_sought)
    if project.currency not in dict(CURRENCIES):
        raise InvestmentError(_("%(currency)s is not a currency ecoforum knows.") % {"currency": project.currency})
    if project.cooperation_mode not in CooperationMode.values:
        raise InvestmentError(_("%(value)s is not a cooperation mode.") % {"value": project.cooperation_mode})
    if project.stage not in ProjectStage.values:
        raise InvestmentError(_("%(value)s is not a project stage.") % {"value": project.stage})


def _code_taken(edition_id: int, code: str, *, other_than: int | None = None) -> bool:
    projects = InvestmentProject.objects.filter(edition_id=edition_id, code=code)
    if other_than is not None:
        projects = projects.exclude(pk=other_than)
    return projects.exists()


def add_project(edition: Edition, *, actor, **fields: Any) -> InvestmentProject:
    """Add a project to the edition's index. Part of a larger transaction."""
    unknown = set(fields) - PROJECT_ARGUMENTS
    if unknown:
        raise InvestmentError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    project = InvestmentProject(edition=edition, **fields)
    _check(project)
    if _code_taken(edition.pk, project.code):
        raise InvestmentError(_("A project with the code %(code)s already exists.") % {"code": project.code})
    project.save()
    log_action(project, "investment.project.created", actor=actor, data=snapshot(project, list(PROJECT_FIELDS)))
    return project


def require(actor: Any, permission: str, obj: Any, message: str) -> None:
    """Refuse (``PermissionDenied``) a user without ``permission`` on ``obj``; the system (``None``) may."""
    if actor is not None and not actor.has_perm(permission, obj):
        raise PermissionDenied(message)


def create_project(edition: Edition, *, actor, **fields: Any) -> InvestmentProject:
    """Add a project (page, admin, API): its own transaction. Organizers only."""
    require(
        actor,
        "investment.add_project",
        edition,
        _("Only the organizers of %(edition)s may add projects.") % {"edition": edition},
    )
    with transaction.atomic(durable=True):
        return add_project(edition, actor=actor, **fields)


def change_project(project: InvestmentProject, *, actor, **changes: Any) -> InvestmentProject:
    """Change a project; writes and logs only what differs. Part of a larger transaction."""
    unknown = set(changes) - PROJECT_ARGUMENTS
    if unknown:
        raise InvestmentError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = (
        InvestmentProject.objects.select_for_update(of=("self",))
        .select_related("industry")
        .filter(pk=project.pk)
        .first()
    )
    if locked is None:
        raise InvestmentError(_("Project %(code)s no longer exists.") % {"code": project.code})
    before = snapshot(locked, list(PROJECT_FIELDS))
    for name, value in changes.items():
        setattr(locked, name, value)
    _check(locked)
    if "code" in changes and _code_taken(locked.edition_id, locked.code, other_than=locked.pk):
        raise InvestmentError(_("A project with the code %(code)s already exists.") % {"code": locked.code})
    changed = diff(before, snapshot(locked, list(PROJECT_FIELDS)))
    if changed:
        locked.save(update_fields=[name.removesuffix("_id") for name in changed])
        log_action(locked, "investment.project.changed", actor=actor, data=changed)
    return locked


def update_project(project: InvestmentProject, *, actor, **changes: Any) -> InvestmentProject:
    """Change a project (page, admin, API): its own transaction. Its owner's people and organizers."""
    require(
        actor,
        "investment.change_project",
        project,
        _("You may not change project %(code)s.") % {"code": project.code},
    )
    with transaction.atomic(durable=True):
        return change_project(project, actor=actor, **changes)


# --- investors ----------------------------------------------------------------


def _ticket(value: Any, what: str) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) or not isinstance(value, Decimal | int):
        raise InvestmentError(
            _("The %(what)s must be a Decimal, not %(type)s.") % {"what": what, "type": type(value).__name__}
        )
    amount = Decimal(value)
    if not amount.is_finite() or amount <= 0:
        raise InvestmentError(_("The %(what)s must be more than zero.") % {"what": what})
    return amount


def clean_regions(regions: Iterable[str]) -> list[str]:
    """Places as written, trimmed, without blanks or repeats, in their order."""
    cleaned: list[str] = []
    for region in regions:
        region = str(region).strip()
        if region and region not in cleaned:
            if len(region) > 50:
                raise InvestmentError(_("%(region)s is too long for a place name.") % {"region": region[:50]})
            cleaned.append(region)
    return cleaned


def update_investor_interests(
    investor: Investor,
    *,
    industries: Iterable[GreenIndustry],
    regions: Iterable[str],
    ticket_min: Decimal | int | None,
    ticket_max: Decimal | int | None,
    actor: Any,
) -> Investor:
    """What an investor looks for: catalogue entries (any level), places, and the ticket size in its currency."""
    require(
        actor,
        "investment.act_for_investor",
        investor,
        _("You may not change the interests of %(investor)s.") % {"investor": investor},
    )
    entries = sorted(set(industries), key=lambda entry: entry.sort_key)
    places = clean_regions(regions)
    low = _ticket(ticket_min, _("smallest ticket"))
    high = _ticket(ticket_max, _("largest ticket"))
    if low is not None and high is not None and high < low:
        raise InvestmentError(
            _("The largest ticket of %(investor)s is below its smallest ticket.") % {"investor": investor}
        )
    with transaction.atomic(durable=True):
        locked = lock_one(Investor, investor.pk)
        before = {
            "industries": sorted(locked.industries.values_list("code", flat=True)),
            "regions": list(locked.regions),
            "ticket_min": locked.ticket_min,
            "ticket_max": locked.ticket_max,
        }
        locked.regions, locked.ticket_min, locked.ticket_max = places, low, high
        after = {
            "industries": sorted(entry.code for entry in entries),
            "regions": places,
            "ticket_min": low,
            "ticket_max": high,
        }
        changed = diff(before, after)
        if changed:
            locked.save(update_fields=["regions", "ticket_min", "ticket_max"])
            locked.industries.set(entries)
            log_action(locked, "investment.investor.interests_changed", actor=actor, data=changed)
    return locked
