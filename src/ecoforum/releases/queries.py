"""Reads of the releases, with their related rows loaded. Visibility lives here, in one place.

A release is public when it is published, its release time has passed and its edition is
public; the organizers of its edition (and superusers) see every release of the edition,
published or not, before its time or after. Everything a page, a download or the API shows
goes through :func:`visible_releases` or :func:`release_for`, which answer "missing" and
"not yours" alike (``None``), so nothing tells an outsider that an unreleased release exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from ecoforum.forums.enums import CommitteeRole
from ecoforum.forums.models import Edition

from .models import Endorsement, Release, ReleaseAuthor, ReleaseVersion, Topic


def _organized_edition_ids(user: Any) -> list[int] | None:
    """The editions ``user`` organizes; ``None`` means every edition (a superuser)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    if user.is_superuser:
        return None
    return list(user.committee_roles.filter(role=CommitteeRole.ORGANIZER).values_list("edition_id", flat=True))


def public_condition() -> Q:
    return Q(is_published=True, released_at__lte=timezone.now(), edition__is_public=True)


def visible_releases(user: Any = None) -> QuerySet[Release]:
    """Every release ``user`` may see: the public ones, and all of the editions they organize."""
    organized = _organized_edition_ids(user)
    if organized is None:
        return Release.objects.all()
    condition = public_condition()
    if organized:
        condition |= Q(edition_id__in=organized)
    return Release.objects.filter(condition)


def is_public(release: Release) -> bool:
    return bool(release.is_published and release.released_at <= timezone.now() and release.edition.is_public)


def may_see(user: Any, release: Release) -> bool:
    if is_public(release):
        return True
    organized = _organized_edition_ids(user)
    return organized is None or release.edition_id in organized


def with_details(releases: QuerySet[Release]) -> QuerySet[Release]:
    """Releases with edition, session, authors (in order), issuers and topics loaded."""
    authors = ReleaseAuthor.objects.select_related("person").order_by("order", "pk")
    return releases.select_related("edition__forum", "session").prefetch_related(
        Prefetch("author_links", queryset=authors), "issuers", "topics"
    )


def with_counts(releases: QuerySet[Release]) -> QuerySet[Release]:
    """Adds ``signatory_count`` (confirmed endorsements) and ``version_count``."""
    return releases.annotate(
        signatory_count=Count("endorsements", filter=Q(endorsements__confirmed_at__isnull=False), distinct=True),
        version_count=Count("versions", distinct=True),
    )


def releases_of(edition: Edition, user: Any = None) -> QuerySet[Release]:
    """The edition's releases ``user`` may see, by kind and then newest first."""
    found = visible_releases(user).filter(edition=edition)
    return with_counts(with_details(found)).order_by("kind", "-released_at", "pk")


def release_for(user: Any, edition: Edition, slug: str) -> Release | None:
    """The edition's release at ``slug`` if ``user`` may see it; ``None`` for "missing" and "not yours" alike."""
    return with_counts(with_details(visible_releases(user).filter(edition=edition, slug=slug))).first()


def versions_of(release: Release) -> list[ReleaseVersion]:
    """The release's versions, newest first (the first one is the current version)."""
    return list(release.versions.order_by("-created_at", "-pk"))


def version_for(user: Any, edition: Edition, slug: str, number: str | None = None) -> ReleaseVersion | None:
    """The named version (or the current one) of a release ``user`` may see; ``None`` otherwise."""
    release = visible_releases(user).filter(edition=edition, slug=slug).select_related("edition").first()
    if release is None:
        return None
    versions = ReleaseVersion.objects.filter(release=release).select_related("release__edition")
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-created_at", "-pk").first()


def confirmed_signatories(release: Release) -> QuerySet[Endorsement]:
    """The confirmed endorsements that may be listed by name, oldest first (the newest last)."""
    return release.endorsements.filter(confirmed_at__isnull=False, show_publicly=True).order_by("confirmed_at", "pk")


def confirmed_endorsements(release: Release) -> QuerySet[Endorsement]:
    """Every confirmed endorsement (listed or not), oldest first: for the count and the organizers' export."""
    return release.endorsements.filter(confirmed_at__isnull=False).order_by("confirmed_at", "pk")


def library(
    user: Any = None, *, kind: str = "", year: int | None = None, topic: str = "", text: str = ""
) -> QuerySet[Release]:
    """The theory-research platform's library: every release ``user`` may see across editions, filtered."""
    found = visible_releases(user)
    if kind:
        found = found.filter(kind=kind)
    if year:
        found = found.filter(edition__year=year)
    if topic:
        found = found.filter(topics__slug=topic)
    text = (text or "").strip()
    if text:
        found = found.filter(Q(title_zh_hans__icontains=text) | Q(title_en__icontains=text))
    return with_details(found).order_by("-released_at", "pk").distinct()


def library_years(user: Any = None) -> list[int]:
    return sorted(set(visible_releases(user).values_list("edition__year", flat=True)), reverse=True)


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("order", "slug")


def edition_releases_to_manage(edition: Edition) -> QuerySet[Release]:
    """Every release of the edition for its organizers, with counts, newest first."""
    return with_counts(Release.objects.filter(edition=edition).select_related("session")).order_by("-released_at", "pk")
