"""Writes of the signings (签约): agreements signed on stage at a signing ceremony, and their order on stage.

One function per use case, each in ``transaction.atomic`` with one audit entry that
carries a snapshot or a diff. They use a plain (not durable) ``atomic`` on purpose:
a page calls them in a transaction of their own, while the Django admin and the
demo loader call them inside the transaction they already hold (a savepoint then).
The acting user needs ``forums.manage_edition``; ``actor=None`` is the system itself
(the demo loader, the command line). What a signing *counts* in the edition's
totals is not stored: ``queries.counted_signings`` works it out (docs/decisions/0012).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.money import CURRENCIES, Money
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization
from ecoforum.program.enums import SessionKind
from ecoforum.program.models import Session

from .enums import PartyRole, SigningKind
from .exceptions import InvestmentError
from .models import InvestmentProject, Signing, SigningParty

#: What a signing holds that the services write, as model attribute names (the audit snapshot).
SIGNING_FIELDS: list[str] = [
    "title_zh_hans",
    "title_en",
    "kind",
    "amount",
    "increment",
    "currency",
    "project_id",
    "ceremony_id",
    "signed_at",
    "stage_order",
    "notes",
    "is_demo",
]
#: The same, as ``change_signing``'s keyword arguments (``project``, not ``project_id``), plus the parties.
SIGNING_ARGUMENTS: frozenset[str] = frozenset({*(name.removesuffix("_id") for name in SIGNING_FIELDS), "parties"})
CENTS = Decimal("0.01")
#: Program sessions that can hold a signing: a signing ceremony, or a ceremony (the opening) where deals are signed.
CEREMONY_KINDS = (SessionKind.SIGNING, SessionKind.CEREMONY)


class Party(NamedTuple):
    """An organization that signs, for which side, and who puts their name to it."""

    organization: Organization
    role: str
    signatory: str = ""


PartyLike = Party | tuple[Any, ...]


class NotAllowed(InvestmentError):
    def __init__(self, edition: Edition):
        super().__init__(_("You may not manage the signings of %(edition)s.") % {"edition": edition})


# --- checks -------------------------------------------------------------------


def _require(actor: Any, edition: Edition) -> None:
    if actor is not None and not actor.has_perm("forums.manage_edition", edition):
        raise NotAllowed(edition)


def _label(signing: Signing) -> str:
    return f"«{signing.title_zh_hans or signing.title_en}»"


def _local(value: dt.datetime, edition: Edition) -> str:
    return formats.date_format(timezone.localtime(value, edition.tz), "Y-m-d H:i")


def _check_amount(value: Any, *, label: str, what: str) -> Decimal:
    if isinstance(value, float | bool) or not isinstance(value, Decimal | int):
        raise InvestmentError(
            _("Signing %(signing)s: the %(what)s must be a Decimal amount, not %(type)s.")
            % {"signing": label, "what": what, "type": type(value).__name__}
        )
    amount = Decimal(value)
    if not amount.is_finite() or amount <= 0:
        raise InvestmentError(
            _("Signing %(signing)s: the %(what)s must be more than zero.") % {"signing": label, "what": what}
        )
    return amount.quantize(CENTS)


def _parties(raw: Iterable[PartyLike] | None, label: str) -> list[Party]:
    parties = [item if isinstance(item, Party) else Party(*item) for item in (raw or [])]
    if not parties:
        raise InvestmentError(_("Signing %(signing)s needs at least one party that signs.") % {"signing": label})
    seen: set[int] = set()
    for party in parties:
        if party.organization is None or party.organization.pk is None:
            raise InvestmentError(_("Signing %(signing)s: every party needs an organization.") % {"signing": label})
        if party.role not in PartyRole.values:
            raise InvestmentError(
                _("Signing %(signing)s: %(role)s is not a role of a signing party.")
                % {"signing": label, "role": party.role}
            )
        if party.organization.pk in seen:
            raise InvestmentError(
                _("Signing %(signing)s: %(organization)s is named twice among the parties.")
                % {"signing": label, "organization": party.organization}
            )
        seen.add(party.organization.pk)
    return parties


def _check(signing: Signing, edition: Edition) -> None:
    """Every rule a signing must hold; raises with a message that names the signing."""
    label = _label(signing)
    if not (signing.title_zh_hans or "").strip():
        raise InvestmentError(_("Every signing needs a Chinese title."))
    if signing.kind not in SigningKind.values:
        raise InvestmentError(
            _("Signing %(signing)s: %(kind)s is not a kind of signing.") % {"signing": label, "kind": signing.kind}
        )
    if signing.currency not in dict(CURRENCIES):
        raise InvestmentError(
            _("Signing %(signing)s: %(currency)s is not a currency ecoforum knows.")
            % {"signing": label, "currency": signing.currency}
        )
    signing.amount = _check_amount(signing.amount, label=label, what=_("amount"))
    if signing.kind == SigningKind.CAPITAL_INCREASE:
        if signing.increment is None:
            raise InvestmentError(
                _("Signing %(signing)s is a capital increase: say how much new money it brings (the increment).")
                % {"signing": label}
            )
        signing.increment = _check_amount(signing.increment, label=label, what=_("increment"))
        if signing.increment > signing.amount:
            raise InvestmentError(
                _(
                    "Signing %(signing)s: the increment (%(increment)s) is more than the amount of the agreement "
                    "(%(amount)s)."
                )
                % {
                    "signing": label,
                    "increment": Money(signing.increment, signing.currency).format(),
                    "amount": Money(signing.amount, signing.currency).format(),
                }
            )
    elif signing.increment is not None:
        raise InvestmentError(_("Signing %(signing)s: only a capital increase has an increment.") % {"signing": label})
    project: InvestmentProject | None = signing.project
    if project is not None and project.edition_id != edition.pk:
        raise InvestmentError(
            _("Signing %(signing)s: project %(code)s belongs to another edition.")
            % {"signing": label, "code": project.code}
        )
    ceremony: Session | None = signing.ceremony
    if ceremony is not None:
        if ceremony.edition_id != edition.pk:
            raise InvestmentError(
                _("Signing %(signing)s: session %(code)s belongs to another edition.")
                % {"signing": label, "code": ceremony.code}
            )
        if ceremony.kind not in CEREMONY_KINDS:
            raise InvestmentError(
                _("Signing %(signing)s: session %(code)s is not a signing ceremony.")
                % {"signing": label, "code": ceremony.code}
            )
    signed_at = signing.signed_at
    if not isinstance(signed_at, dt.datetime) or timezone.is_naive(signed_at):
        raise InvestmentError(
            _("Signing %(signing)s: the time of signing must carry a time zone.") % {"signing": label}
        )
    if not edition.starts_at <= signed_at < edition.ends_at:
        raise InvestmentError(
            _("Signing %(signing)s: signed at %(time)s, outside the edition's days (%(first)s to %(last)s).")
            % {
                "signing": label,
                "time": _local(signed_at, edition),
                "first": edition.start_date.isoformat(),
                "last": edition.end_date.isoformat(),
            }
        )


def _next_stage_order(edition: Edition, ceremony: Session | None) -> int:
    current = Signing.objects.filter(edition=edition, ceremony=ceremony).aggregate(top=Max("stage_order"))["top"]
    return 0 if current is None else current + 1


def _party_rows(signing: Signing) -> list[list[Any]]:
    return [
        [p.organization_id, p.role, p.signatory]
        for p in SigningParty.objects.filter(signing=signing).order_by("order", "pk")
    ]


def _write_parties(signing: Signing, parties: Sequence[Party]) -> None:
    SigningParty.objects.filter(signing=signing).delete()
    SigningParty.objects.bulk_create(
        SigningParty(signing=signing, organization=p.organization, role=p.role, signatory=p.signatory, order=n)
        for n, p in enumerate(parties)
    )


# --- use cases ----------------------------------------------------------------


def record_signing(
    edition: Edition,
    *,
    title_zh_hans: str,
    title_en: str = "",
    kind: str = SigningKind.NEW,
    amount: Decimal | int,
    increment: Decimal | int | None = None,
    currency: str = "CNY",
    project: InvestmentProject | None = None,
    ceremony: Session | None = None,
    signed_at: dt.datetime,
    stage_order: int | None = None,
    parties: Iterable[PartyLike],
    notes: str = "",
    is_demo: bool = False,
    actor: Any,
) -> Signing:
    """Record an agreement signed at the forum, with the organizations that signed it."""
    _require(actor, edition)
    with transaction.atomic():
        signing = Signing(
            edition=edition,
            title_zh_hans=title_zh_hans,
            title_en=title_en,
            kind=kind,
            amount=amount,
            increment=increment,
            currency=currency,
            project=project,
            ceremony=ceremony,
            signed_at=signed_at,
            stage_order=0,
            notes=notes,
            is_demo=is_demo,
        )
        _check(signing, edition)
        checked = _parties(parties, _label(signing))
        signing.stage_order = _next_stage_order(edition, ceremony) if stage_order is None else stage_order
        signing.save()
        _write_parties(signing, checked)
        log_action(
            signing,
            "investment.signing.recorded",
            actor=actor,
            data={**snapshot(signing, SIGNING_FIELDS), "parties": _party_rows(signing)},
        )
    return signing


def change_signing(signing: Signing, *, actor: Any, **changes: Any) -> Signing:
    """Change a signing (``parties`` replaces the parties); writes and logs only what differs."""
    unknown = set(changes) - SIGNING_ARGUMENTS
    if unknown:
        raise InvestmentError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = (
            Signing.objects.select_for_update(of=("self",))
            .select_related("edition", "project", "ceremony")
            .filter(pk=signing.pk)
            .first()
        )
        if locked is None:
            raise InvestmentError(_("Signing %(signing)s no longer exists.") % {"signing": _label(signing)})
        edition = locked.edition
        _require(actor, edition)
        before = {**snapshot(locked, SIGNING_FIELDS), "parties": _party_rows(locked)}
        parties = changes.pop("parties", None)
        if "kind" in changes and changes["kind"] != SigningKind.CAPITAL_INCREASE and "increment" not in changes:
            changes["increment"] = None  # no longer a capital increase: no increment either
        new_ceremony = changes.get("ceremony", locked.ceremony)
        if "stage_order" not in changes and getattr(new_ceremony, "pk", None) != locked.ceremony_id:
            changes["stage_order"] = _next_stage_order(edition, new_ceremony)  # last on its new stage
        for name, value in changes.items():
            setattr(locked, name, value)
        _check(locked, edition)
        after_parties = before["parties"]
        checked: list[Party] = []
        if parties is not None:
            checked = _parties(parties, _label(locked))
            after_parties = [[p.organization.pk, p.role, p.signatory] for p in checked]
        changed = diff(before, {**snapshot(locked, SIGNING_FIELDS), "parties": after_parties})
        if changed:
            fields = [name.removesuffix("_id") for name in changed if name != "parties"]
            if fields:
                locked.save(update_fields=fields)
            if "parties" in changed:
                _write_parties(locked, checked)
            log_action(locked, "investment.signing.changed", actor=actor, data=changed)
    return locked


def remove_signing(signing: Signing, *, actor: Any) -> None:
    """Remove a signing recorded by mistake; the audit entry keeps what it was."""
    with transaction.atomic():
        locked = Signing.objects.select_for_update(of=("self",)).select_related("edition").filter(pk=signing.pk).first()
        if locked is None:
            raise InvestmentError(_("Signing %(signing)s no longer exists.") % {"signing": _label(signing)})
        _require(actor, locked.edition)
        data = {**snapshot(locked, SIGNING_FIELDS), "parties": _party_rows(locked)}
        log_action(locked, "investment.signing.removed", actor=actor, data=data)
        locked.delete()


def reorder_stage(ceremony: Session, signing_ids: Sequence[int], *, actor: Any) -> list[Signing]:
    """Put the ceremony's signings on stage in the order of ``signing_ids`` (every one of them, once)."""
    edition = ceremony.edition
    _require(actor, edition)
    with transaction.atomic():
        signings = {
            s.pk: s for s in Signing.objects.select_for_update().filter(ceremony=ceremony).order_by("stage_order", "pk")
        }
        wanted = [int(pk) for pk in signing_ids]
        if len(set(wanted)) != len(wanted) or set(wanted) != set(signings):
            raise InvestmentError(
                _("The new order on stage of %(code)s must name each of its %(count)d signings once.")
                % {"code": ceremony.code, "count": len(signings)}
            )
        before = [pk for pk, _signing in sorted(signings.items(), key=lambda item: (item[1].stage_order, item[0]))]
        moved = []
        for order, pk in enumerate(wanted):
            signing = signings[pk]
            if signing.stage_order != order:
                signing.stage_order = order
                moved.append(signing)
        if moved:
            Signing.objects.bulk_update(moved, ["stage_order"])
        if before != wanted:
            log_action(
                ceremony,
                "investment.signing.reordered",
                actor=actor,
                data={"order": [before, wanted]},
                edition_id=edition.pk,
            )
    return [signings[pk] for pk in wanted]
