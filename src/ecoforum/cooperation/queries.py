"""Named reads of international cooperation, with what their pages show already joined."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from ecoforum.forums.models import Edition
from ecoforum.services.models import Registration, TravelLeg

from .models import Agreement, Delegation, DelegationMember, InvitationLetter, Partner


def public_partners() -> QuerySet[Partner]:
    """The partners shown on the site, by kind then country."""
    return Partner.objects.filter(is_public=True).select_related("organization").order_by("kind", "country", "slug")


def public_agreements() -> QuerySet[Agreement]:
    """The public agreements, newest signing first, with their partners and the session where signed."""
    return (
        Agreement.objects.filter(is_public=True)
        .select_related("edition", "session")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organization").order_by("slug"))
        )
        .order_by("-signed_on", "slug")
    )


def partners_to_manage() -> QuerySet[Partner]:
    return Partner.objects.select_related("organization").order_by("slug")


def agreements_to_manage() -> QuerySet[Agreement]:
    return (
        Agreement.objects.select_related("edition", "session")
        .prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organization").order_by("slug"))
        )
        .order_by("status", "-signed_on", "slug")
    )


def partner_by_pk(pk: int) -> Partner | None:
    return Partner.objects.select_related("organization").filter(pk=pk).first()


def agreement_by_pk(pk: int) -> Agreement | None:
    return Agreement.objects.select_related("edition", "session").prefetch_related("partners").filter(pk=pk).first()


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
