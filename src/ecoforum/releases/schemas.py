"""What the releases API returns: public data only (no signatory's address, only the count)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from ninja import Field, Schema

from .models import Release, ReleaseVersion


class VersionOut(Schema):
    number: str
    changelog_zh_hans: str
    changelog_en: str
    size: int = Field(description="Bytes.")
    sha256: str
    created_at: dt.datetime
    download_url: str = Field(description="Absolute address of the PDF.")


class ReleaseSummaryOut(Schema):
    slug: str
    kind: str
    title_zh_hans: str
    title_en: str
    released_at: dt.datetime
    session_id: int | None
    topics: list[str] = Field(description="Topics' addresses.")
    citation_url: str = Field(description="The stable, absolute address of the release's citation page.")
    signatory_count: int = Field(description="Confirmed endorsements (0 for kinds that take none).")


class ReleaseOut(ReleaseSummaryOut):
    abstract_zh_hans: str
    abstract_en: str
    authors: list[str] = Field(description="Authors' names in order, then the authors as printed.")
    issuers: list[str]
    endorsements_open: bool
    versions: list[VersionOut] = Field(description="Newest first; the first is the current version.")


class ReleasePage(Schema):
    count: int = Field(description="How many releases match, on all pages.")
    page: int
    pages: int
    items: list[ReleaseSummaryOut]


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def version_out(release: Release, version: ReleaseVersion) -> VersionOut:
    path = reverse(
        "releases:download_version",
        kwargs={"edition": release.edition.slug, "slug": release.slug, "number": version.number},
    )
    return VersionOut(
        number=version.number,
        changelog_zh_hans=version.changelog_zh_hans or "",
        changelog_en=version.changelog_en or "",
        size=version.size,
        sha256=version.sha256,
        created_at=version.created_at,
        download_url=_absolute(path),
    )


def _summary(release: Release) -> dict:
    return {
        "slug": release.slug,
        "kind": release.kind,
        "title_zh_hans": release.title_zh_hans or "",
        "title_en": release.title_en or "",
        "released_at": release.released_at,
        "session_id": release.session_id,
        "topics": [t.slug for t in release.topics.all()],
        "citation_url": _absolute(
            reverse("releases:release", kwargs={"edition": release.edition.slug, "slug": release.slug})
        ),
        "signatory_count": getattr(release, "signatory_count", 0),
    }


def release_summary_out(release: Release) -> ReleaseSummaryOut:
    return ReleaseSummaryOut(**_summary(release))


def release_out(release: Release, versions: list[ReleaseVersion]) -> ReleaseOut:
    authors = [str(link.person.name) for link in release.author_links.all()]
    if release.author_text:
        authors.append(release.author_text)
    return ReleaseOut(
        **_summary(release),
        abstract_zh_hans=release.abstract_zh_hans or "",
        abstract_en=release.abstract_en or "",
        authors=authors,
        issuers=[str(o.name) for o in release.issuers.all()],
        endorsements_open=release.endorsements_open,
        versions=[version_out(release, v) for v in versions],
    )
