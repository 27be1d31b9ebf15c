"""Named reads of international cooperation, with what their pages show already joined."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from ecoforum.forums.models import Edition, Forum
from ecoforum.services.models import Registration, TravelLeg

from .exceptions import UnknownAgreement, UnknownPartner
from .models import Agreement, Delegation, DelegationMember, InvitationLetter, Partner
from .rules import organized_forum_ids

MANAGE_PARTNERS = "cooperation.manage_partners"


def partners_of(forum: Forum) -> QuerySet[Partner]:
    """The forum's partners by address, with their organization: the choices of the forum's forms."""
    return Partner.objects.filter(forum=forum).select_related("organization").order_by("slug")


def public_partners(forum: Forum) -> QuerySet[Partner]:
    """The forum's partners shown on the site, by kind then country."""
    return (
        Partner.objects.filter(forum=forum, is_public=True)
        .select_related("organization")
        .order_by("kind", "country", "slug")
    )


def public_agreements(forum: Forum) -> QuerySet[Agreement]:
    """The forum's public agreements, newest signing first, with their partners and the session where signed."""
    return (
        Agreement.objects.filter(forum=forum, is_public=True)
        .select_related("edition", "session")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organization").order_by("slug"))
        )
        .order_by("-signed_on", "slug")
    )


def partners_to_manage(forum: Forum) -> QuerySet[Partner]:
    return partners_of(forum)


def agreements_to_manage(forum: Forum) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(forum=forum)
        .select_related("edition", "session")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organization").order_by("slug"))
        )
        .order_by("status", "-signed_on", "slug")
    )


def partners_visible_to(user: Any) -> QuerySet[Partner]:
    """Every partner ``user`` may manage: all for a superuser, else those of the forums where they organize an
    edition (none for anyone else)."""
    partners = Partner.objects.select_related("organization", "forum")
    if user is not None and user.is_authenticated and user.is_superuser:
        return partners
    return partners.filter(forum_id__in=organized_forum_ids(user))


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Every agreement ``user`` may manage (see :func:`partners_visible_to`)."""
    agreements = Agreement.objects.select_related("forum", "edition")
    if user is not None and user.is_authenticated and user.is_superuser:
        return agreements
    return agreements.filter(forum_id__in=organized_forum_ids(user))


def get_partner_for(user: Any, pk: int, *, forum: Forum | None = None) -> Partner:
    """The partner ``pk`` if ``user`` may manage it (and, given ``forum``, if it is that forum's).

    Raises :class:`UnknownPartner`, the same for a missing partner and for another forum's.
    """
    partner = Partner.objects.select_related("organization", "forum").filter(pk=pk).first()
    if (
        partner is None
        or (forum is not None and partner.forum_id != forum.pk)
        or not (user is not None and user.has_perm(MANAGE_PARTNERS, partner))
    ):
        raise UnknownPartner(_("There is no partner %(pk)s.") % {"pk": pk})
    return partner


def get_agreement_for(user: Any, pk: int, *, forum: Forum | None = None) -> Agreement:
    """The agreement ``pk`` with its partners if ``user`` may manage it (and, given ``forum``, if it is that
    forum's). Raises :class:`UnknownAgreement`, the same for a missing agreement and for another forum's."""
    agreement = (
        Agreement.objects.select_related("forum", "edition", "session")
        .prefetch_related("partners")
        .filter(pk=pk)
        .first()
    )
    if (
        agreement is None
        or (forum is not None and agreement.forum_id != forum.pk)
        or not (user is not None and user.has_perm(MANAGE_PARTNERS, agreement))
    ):
        raise UnknownAgreement(_("There is no agreement %(pk)s.") % {"pk": pk})
    return agreement


def _members() -> QuerySet[DelegationMember]:
    registrations = Registration.objects.select_related("room__hotel").prefetch_related(
        Prefetch("travel", queryset=TravelLeg.objects.select_related("station").order_by("at"))
    )
    return DelegationMember.objects.select_related("person__organization").prefetch_related(
        Prefetch("registration", queryset=registrations)
    )


def delegations_of(edition: Edition) -> QuerySet[Delegation]:
    """The edition's delegations by country, each with its members (head first), their registrations, travel
    and rooms."""
    return (
        Delegation.objects.filter(edition=edition)
        .select_related("partner__organization")
        .prefetch_related(Prefetch("members", queryset=_members()))
        .order_by("country", "pk")
    )


def delegation_for(edition: Edition, pk: int) -> Delegation | None:
    """One delegation of ``edition`` (``None`` for another edition's as for a missing one)."""
    return delegations_of(edition).filter(pk=pk).first()


def member_for(edition: Edition, pk: int) -> DelegationMember | None:
    return (
        DelegationMember.objects.select_related("person", "delegation")
        .filter(pk=pk, delegation__edition=edition)
        .first()
    )


def letters_of(edition: Edition) -> QuerySet[InvitationLetter]:
    return (
        InvitationLetter.objects.filter(edition=edition)
        .select_related("person", "delegation", "registration", "issued_by")
        .order_by("sequence")
    )


def letter_for(edition: Edition, pk: int) -> InvitationLetter | None:
    """One letter of ``edition``, with what its PDF prints."""
    return (
        InvitationLetter.objects.filter(edition=edition, pk=pk)
        .select_related("edition", "person__organization", "registration", "delegation")
        .first()
    )


def registrations_for_letters(edition: Edition) -> QuerySet[Registration]:
    """Approved guests of ``edition`` who may be issued a letter, by name."""
    from ecoforum.services.enums import RegistrationStatus

    return (
        Registration.objects.filter(edition=edition, status=RegistrationStatus.APPROVED)
        .select_related("person")
        .order_by("person__name_zh_hans", "pk")
    )


@dataclass(frozen=True)
class Arrival:
    """What the desk needs of a member's arrival: time, flight or train, station, hotel."""

    at: object | None
    mode: str
    number: str
    station: str
    hotel: str
    room_number: str


def arrival_of(member: DelegationMember) -> Arrival | None:
    """The arrival details of ``member`` from their registration (already prefetched by :func:`delegations_of`)."""
    registration = member.registration
    if registration is None:
        return None
    legs = [leg for leg in registration.travel.all() if leg.direction == "arrival"]
    leg = legs[0] if legs else None
    room = getattr(registration, "room", None)
    return Arrival(
        at=leg.at if leg else None,
        mode=leg.get_mode_display() if leg else "",
        number=leg.number if leg else "",
        station=str(leg.station) if leg else "",
        hotel=str(room.hotel) if room else "",
        room_number=room.room_number if room else "",
    )
