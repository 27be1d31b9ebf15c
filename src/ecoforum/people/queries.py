"""Reads of people shared by pages and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .enums import Academy
from .models import ExpertProfile, Invitation, Person


def experts(*, academicians_only: bool = False) -> QuerySet[ExpertProfile]:
    qs = ExpertProfile.objects.select_related("person", "person__organization", "affiliation").prefetch_related(
        "fields"
    )
    if academicians_only:
        qs = qs.filter(academy__in=[Academy.CAS, Academy.CAE])
    return qs.order_by("person__name")


def person_with_profile(slug: str) -> Person | None:
    return (
        Person.objects.select_related("organization", "expert_profile", "expert_profile__affiliation")
        .prefetch_related("expert_profile__fields")
        .filter(slug=slug)
        .first()
    )


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("person", "edition").filter(token=token).first()


def expert_counts() -> dict[str, int]:
    """How many experts the think tank has, and how many of them are academicians (两院院士)."""
    academicians = Q(academy__in=[Academy.CAS, Academy.CAE])
    return ExpertProfile.objects.aggregate(experts=Count("pk"), academicians=Count("pk", filter=academicians))
