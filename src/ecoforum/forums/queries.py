"""Reads of forums and editions shared by pages and the API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import CharterVersion, Edition


def public_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(is_public=True).select_related("forum")


def get_edition(slug: str, *, user=None) -> Edition:
    """The edition at ``/<slug>/``: public ones for everyone, unpublished ones for the committee."""
    edition = Edition.objects.select_related("forum").filter(slug=slug).first()
    if edition is None:
        raise Http404("No such edition")
    if not edition.is_public and not (user is not None and user.has_perm("forums.view_backoffice", edition)):
        raise Http404("No such edition")
    return edition


def edition_to_organize(user, slug: str) -> Edition:
    """The edition at ``/manage/<slug>/…`` for its organizers; the same 404 for "missing" and "not yours"."""
    edition = Edition.objects.select_related("forum").filter(slug=slug).first()
    if edition is None or not user.is_authenticated or not user.has_perm("forums.manage_edition", edition):
        raise Http404("No such edition")
    return edition


def current_charter(forum) -> CharterVersion | None:
    return forum.charter_versions.order_by("-number").first()


def charter_versions(forum) -> QuerySet[CharterVersion]:
    """Every adopted version of the forum's charter, newest first."""
    return CharterVersion.objects.filter(forum=forum).order_by("-number")


def headline_figures(edition: Edition) -> QuerySet:
    """The figures the edition's home page shows, in their order."""
    return edition.headline_figures.order_by("order", "pk")
