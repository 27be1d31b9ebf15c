"""Writes of international cooperation: partners, agreements and their status, delegations and members.

Every service runs in its own durable transaction, writes one audit entry and raises
:class:`~.exceptions.CooperationError` with a message naming the item when a rule refuses
(nothing is changed then). Invitation letters are in :mod:`.letters`.

An agreement's status moves forward only::

    negotiating → signed → in force → expired
                      ↘        ↘
                       terminated

A signed agreement (any status but negotiating) has a signing date that is not in the future;
its end is not before its start; it does not come into force before it is signed.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.locking import lock_one
from ecoforum.forums.models import Edition, Forum
from ecoforum.people.models import Organization, Person
from ecoforum.program.models import Session
from ecoforum.services.enums import ACTIVE
from ecoforum.services.models import Registration

from .enums import AgreementKind, AgreementStatus, PartnerKind
from .exceptions import CooperationError
from .models import Agreement, Delegation, DelegationMember, Partner

#: Where each status may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    AgreementStatus.NEGOTIATING: frozenset({AgreementStatus.SIGNED}),
    AgreementStatus.SIGNED: frozenset({AgreementStatus.IN_FORCE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}),
    AgreementStatus.IN_FORCE: frozenset({AgreementStatus.EXPIRED, AgreementStatus.TERMINATED}),
    AgreementStatus.EXPIRED: frozenset(),
    AgreementStatus.TERMINATED: frozenset(),
}

PARTNER_FIELDS = ["kind", "country", "description_zh_hans", "description_en", "website", "since", "is_public"]
AGREEMENT_FIELDS = [
    "kind",
    "title_zh_hans",
    "title_en",
    "summary_zh_hans",
    "summary_en",
    "edition",
    "session",
    "signed_on",
    "starts_on",
    "ends_on",
    "is_public",
]
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_SLUG = re.compile(r"^[-a-z0-9]{1,80}$")


def _country(value: str, *, required: bool) -> str:
    value = (value or "").strip().upper()
    if not value and not required:
        return ""
    if not _COUNTRY.match(value):
        raise CooperationError(
            _("“%(country)s” is not a two-letter country code (such as FR or KE).") % {"country": value}
        )
    return value


def _slug(value: str) -> str:
    value = (value or "").strip()
    if not _SLUG.match(value):
        raise CooperationError(
            _("“%(slug)s” is not an address: use lower-case letters, digits and hyphens.") % {"slug": value}
        )
    return value


def _today() -> dt.date:
    return timezone.localdate()


def _check_forum(name: Any, forum: Forum, *, partners: list[Partner], edition: Edition | None) -> None:
    """An agreement (or delegation) of ``forum`` names only ``forum``'s partners and editions."""
    for partner in partners:
        if partner.forum_id != forum.pk:
            raise CooperationError(
                _("%(name)s: “%(partner)s” is not a partner of %(forum)s; choose among this forum's partners.")
                % {"name": name, "partner": partner, "forum": forum}
            )
    if edition is not None and edition.forum_id != forum.pk:
        raise CooperationError(
            _("%(name)s: the edition %(edition)s is not an edition of %(forum)s.")
            % {"name": name, "edition": edition, "forum": forum}
        )


# --- partners ---------------------------------------------------------------------------------------


def create_partner(
    organization: Organization,
    *,
    forum: Forum,
    slug: str,
    kind: str,
    country: str = "",
    description_zh_hans: str = "",
    description_en: str = "",
    website: str = "",
    since: dt.date | None = None,
    is_public: bool = True,
    actor: Any = None,
) -> Partner:
    """Make ``organization`` a partner of ``forum`` (another forum may have it as its own partner too)."""
    slug = _slug(slug)
    if kind not in PartnerKind.values:
        raise CooperationError(_("“%(kind)s” is not a kind of partner.") % {"kind": kind})
    country = _country(country or organization.country, required=False)
    if since is not None and since > _today():
        raise CooperationError(
            _("%(name)s: a partnership cannot start in the future (%(date)s).") % {"name": organization, "date": since}
        )
    with transaction.atomic(durable=True):
        if Partner.objects.filter(forum=forum, organization=organization).exists():
            raise CooperationError(_("%(name)s is already a partner.") % {"name": organization})
        if Partner.objects.filter(forum=forum, slug=slug).exists():
            raise CooperationError(_("The address “%(slug)s” is taken by another partner.") % {"slug": slug})
        try:
            with transaction.atomic():
                partner = Partner.objects.create(
                    forum=forum,
                    organization=organization,
                    slug=slug,
                    kind=kind,
                    country=country,
                    description_zh_hans=description_zh_hans,
                    description_en=description_en,
                    website=website,
                    since=since,
                    is_public=is_public,
                )
        except IntegrityError as exc:  # a partner made at the same moment
            raise CooperationError(_("%(name)s is already a partner.") % {"name": organization}) from exc
        log_action(
            partner, "cooperation.partner.added", actor=actor, data={"forum": forum.pk, "slug": slug, "kind": kind}
        )
    return partner


def change_partner(partner: Partner, *, actor: Any = None, **changes: Any) -> Partner:
    """Change a partner's kind, country, description, website, date or visibility."""
    unknown = set(changes) - set(PARTNER_FIELDS)
    if unknown:
        raise CooperationError(_("These cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "kind" in changes and changes["kind"] not in PartnerKind.values:
        raise CooperationError(_("“%(kind)s” is not a kind of partner.") % {"kind": changes["kind"]})
    if "country" in changes:
        changes["country"] = _country(changes["country"], required=False)
    since = changes.get("since")
    if since is not None and since > _today():
        raise CooperationError(
            _("%(name)s: a partnership cannot start in the future (%(date)s).") % {"name": partner, "date": since}
        )
    with transaction.atomic(durable=True):
        locked = lock_one(Partner, partner.pk)
        before = snapshot(locked, PARTNER_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        changed = diff(before, snapshot(locked, PARTNER_FIELDS))
        if changed:
            locked.save(update_fields=list(changed))
            log_action(locked, "cooperation.partner.changed", actor=actor, data=changed)
    return locked


# --- agreements -------------------------------------------------------------------------------------


def _check_agreement(
    name: str,
    *,
    status: str,
    edition: Edition | None,
    session: Session | None,
    signed_on: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> None:
    """The date and place rules of an agreement named ``name``; raises the first that fails."""
    if status != AgreementStatus.NEGOTIATING and signed_on is None:
        raise CooperationError(_("%(name)s: a signed agreement needs its signing date.") % {"name": name})
    if status == AgreementStatus.NEGOTIATING and signed_on is not None:
        raise CooperationError(_("%(name)s is still under negotiation: it has no signing date yet.") % {"name": name})
    if signed_on is not None and signed_on > _today():
        raise CooperationError(
            _("%(name)s: the signing date %(date)s is in the future.") % {"name": name, "date": signed_on}
        )
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise CooperationError(
            _("%(name)s: it cannot end (%(end)s) before it starts (%(start)s).")
            % {"name": name, "end": ends_on, "start": starts_on}
        )
    if signed_on is not None and starts_on is not None and starts_on < signed_on:
        raise CooperationError(
            _("%(name)s: it cannot be in force (%(start)s) before it is signed (%(signed)s).")
            % {"name": name, "start": starts_on, "signed": signed_on}
        )
    if status == AgreementStatus.IN_FORCE and starts_on is None:
        raise CooperationError(_("%(name)s: an agreement in force needs the date it came into force.") % {"name": name})
    if status == AgreementStatus.EXPIRED and ends_on is None:
        raise CooperationError(_("%(name)s: an expired agreement needs the date it ended.") % {"name": name})
    if session is not None and (edition is None or session.edition_id != edition.pk):
        raise CooperationError(
            _("%(name)s: the session “%(session)s” is not part of the edition where it was signed.")
            % {"name": name, "session": session}
        )


def create_agreement(
    *,
    forum: Forum,
    slug: str,
    title_zh_hans: str,
    title_en: str = "",
    partners: list[Partner],
    kind: str = AgreementKind.MOU,
    summary_zh_hans: str = "",
    summary_en: str = "",
    status: str = AgreementStatus.NEGOTIATING,
    edition: Edition | None = None,
    session: Session | None = None,
    signed_on: dt.date | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    is_public: bool = True,
    actor: Any = None,
) -> Agreement:
    """Record an agreement of ``forum`` with one or more of its partners, in any status its dates allow; signed at
    an edition, it is one of ``forum``'s."""
    slug = _slug(slug)
    name = title_zh_hans or title_en or slug
    if not (title_zh_hans or title_en).strip():
        raise CooperationError(_("An agreement needs a title (in Chinese or in English)."))
    if kind not in AgreementKind.values:
        raise CooperationError(_("“%(kind)s” is not a kind of agreement.") % {"kind": kind})
    if status not in AgreementStatus.values:
        raise CooperationError(_("“%(status)s” is not a status of an agreement.") % {"status": status})
    if not partners:
        raise CooperationError(_("%(name)s: an agreement has at least one partner.") % {"name": name})
    _check_forum(name, forum, partners=partners, edition=edition)
    _check_agreement(
        name, status=status, edition=edition, session=session, signed_on=signed_on, starts_on=starts_on, ends_on=ends_on
    )
    with transaction.atomic(durable=True):
        if Agreement.objects.filter(forum=forum, slug=slug).exists():
            raise CooperationError(_("The address “%(slug)s” is taken by another agreement.") % {"slug": slug})
        agreement = Agreement.objects.create(
            forum=forum,
            slug=slug,
            kind=kind,
            title_zh_hans=title_zh_hans,
            title_en=title_en,
            summary_zh_hans=summary_zh_hans,
            summary_en=summary_en,
            status=status,
            edition=edition,
            session=session,
            signed_on=signed_on,
            starts_on=starts_on,
            ends_on=ends_on,
            is_public=is_public,
        )
        agreement.partners.set(partners)
        log_action(
            agreement,
            "cooperation.agreement.added",
            actor=actor,
            data={"forum": forum.pk, "slug": slug, "status": status, "partners": sorted(p.pk for p in partners)},
        )
    return agreement


def change_agreement(
    agreement: Agreement, *, actor: Any = None, partners: list[Partner] | None = None, **changes: Any
) -> Agreement:
    """Change an agreement's text, place and dates (its status moves with :func:`change_agreement_status`)."""
    unknown = set(changes) - set(AGREEMENT_FIELDS)
    if unknown:
        raise CooperationError(_("These cannot be changed here: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    if "kind" in changes and changes["kind"] not in AgreementKind.values:
        raise CooperationError(_("“%(kind)s” is not a kind of agreement.") % {"kind": changes["kind"]})
    if partners is not None and not partners:
        raise CooperationError(_("%(name)s: an agreement has at least one partner.") % {"name": agreement})
    with transaction.atomic(durable=True):
        locked = lock_one(Agreement, agreement.pk)
        before = snapshot(locked, AGREEMENT_FIELDS)
        for field, value in changes.items():
            setattr(locked, field, value)
        if not (locked.title_zh_hans or locked.title_en or "").strip():
            raise CooperationError(_("An agreement needs a title (in Chinese or in English)."))
        _check_forum(str(agreement), locked.forum, partners=partners or [], edition=locked.edition)
        _check_agreement(
            str(agreement),
            status=locked.status,
            edition=locked.edition,
            session=locked.session,
            signed_on=locked.signed_on,
            starts_on=locked.starts_on,
            ends_on=locked.ends_on,
        )
        changed = diff(before, snapshot(locked, AGREEMENT_FIELDS))
        if changed:
            locked.save(update_fields=list(changed))
        if partners is not None:
            old = sorted(locked.partners.values_list("pk", flat=True))
            new = sorted({p.pk for p in partners})
            if old != new:
                locked.partners.set(partners)
                changed["partners"] = [old, new]
        if changed:
            log_action(locked, "cooperation.agreement.changed", actor=actor, data=changed)
    return locked


def change_agreement_status(
    agreement: Agreement,
    status: str,
    *,
    on: dt.date | None = None,
    actor: Any = None,
) -> Agreement:
    """Move an agreement to ``status`` (forward only). ``on`` is the date of the move: the signing date when it
    is signed, the date it comes into force, or its end when it expires or is terminated (default: today)."""
    if status not in AgreementStatus.values:
        raise CooperationError(_("“%(status)s” is not a status of an agreement.") % {"status": status})
    with transaction.atomic(durable=True):
        locked = lock_one(Agreement, agreement.pk)
        current = locked.status
        label = AgreementStatus(status).label
        if status == current:
            raise CooperationError(_("%(name)s is already “%(status)s”.") % {"name": locked, "status": label})
        if status not in TRANSITIONS[current]:
            raise CooperationError(
                _("%(name)s cannot go from “%(current)s” to “%(status)s”.")
                % {"name": locked, "current": AgreementStatus(current).label, "status": label}
            )
        day = on or _today()
        before = snapshot(locked, ["status", "signed_on", "starts_on", "ends_on"])
        locked.status = status
        if status == AgreementStatus.SIGNED:
            locked.signed_on = day
        elif status == AgreementStatus.IN_FORCE:
            locked.starts_on = day
        elif status == AgreementStatus.TERMINATED or locked.ends_on is None or on is not None:
            locked.ends_on = day  # terminated, or expired on a given day (else on the end it had)
        _check_agreement(
            str(locked),
            status=locked.status,
            edition=locked.edition,
            session=locked.session,
            signed_on=locked.signed_on,
            starts_on=locked.starts_on,
            ends_on=locked.ends_on,
        )
        changed = diff(before, snapshot(locked, ["status", "signed_on", "starts_on", "ends_on"]))
        locked.save(update_fields=list(changed))
        log_action(locked, "cooperation.agreement.status_changed", actor=actor, data=changed)
    return locked


# --- delegations ------------------------------------------------------------------------------------


def create_delegation(
    edition: Edition,
    *,
    country: str,
    name_zh_hans: str,
    name_en: str = "",
    partner: Partner | None = None,
    note: str = "",
    actor: Any = None,
) -> Delegation:
    """A country's delegation to ``edition`` (with one of the edition's forum's partners, if any)."""
    country = _country(country, required=True)
    if not (name_zh_hans or name_en).strip():
        raise CooperationError(_("A delegation needs a name (in Chinese or in English)."))
    if partner is not None:
        _check_forum(name_zh_hans or name_en, edition.forum, partners=[partner], edition=None)
    with transaction.atomic(durable=True):
        delegation = Delegation.objects.create(
            edition=edition, country=country, name_zh_hans=name_zh_hans, name_en=name_en, partner=partner, note=note
        )
        log_action(delegation, "cooperation.delegation.added", actor=actor, data={"country": country})
    return delegation


def add_member(
    delegation: Delegation,
    *,
    person: Person,
    registration: Registration | None = None,
    role: str = "",
    is_head: bool = False,
    actor: Any = None,
) -> DelegationMember:
    """Add ``person`` to ``delegation`` (with their guest registration of the same edition, if any)."""
    if registration is not None:
        if registration.edition_id != delegation.edition_id:
            raise CooperationError(
                _("Registration %(reference)s is for another edition.") % {"reference": registration.reference}
            )
        if registration.person_id != person.pk:
            raise CooperationError(
                _("Registration %(reference)s is not %(person)s's.")
                % {"reference": registration.reference, "person": person}
            )
        if registration.status not in ACTIVE:
            raise CooperationError(
                _("Registration %(reference)s is %(status)s.")
                % {"reference": registration.reference, "status": registration.get_status_display()}
            )
    with transaction.atomic(durable=True):
        locked = lock_one(Delegation, delegation.pk)
        if locked.members.filter(person=person).exists():
            raise CooperationError(
                _("%(person)s is already in the delegation %(delegation)s.") % {"person": person, "delegation": locked}
            )
        if is_head:
            head = locked.members.filter(is_head=True).select_related("person").first()
            if head is not None:
                raise CooperationError(
                    _("%(delegation)s already has a head: %(head)s.") % {"delegation": locked, "head": head.person}
                )
        order = locked.members.count()
        member = DelegationMember.objects.create(
            delegation=locked, person=person, registration=registration, role=role, is_head=is_head, order=order
        )
        log_action(
            member,
            "cooperation.delegation.member_added",
            actor=actor,
            data={"delegation": locked.pk, "person": person.pk, "is_head": is_head},
            edition_id=locked.edition_id,
        )
    return member


def remove_member(member: DelegationMember, *, actor: Any = None) -> None:
    """Take a person out of their delegation."""
    with transaction.atomic(durable=True):
        delegation = lock_one(Delegation, member.delegation_id)
        deleted, _rows = DelegationMember.objects.filter(pk=member.pk).delete()
        if not deleted:
            raise CooperationError(_("%(person)s is no longer in the delegation.") % {"person": member.person})
        log_action(
            delegation,
            "cooperation.delegation.member_removed",
            actor=actor,
            data={"person": member.person_id},
        )
