"""Downloads of the published schedule: ``/<edition>/schedule.{ics,xml,json}`` and the private agenda feed.

The views only pick the language, read the latest release through ``queries``,
build the schedule once and let the exporter render it. Public exports are
cached per edition, release, language and site address: a new release has a
new key, so it shows at once; an edit of a session's words (which is not
versioned per release) shows within ``EXPORT_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ecoforum.forums.models import Edition

from . import queries
from .exporters import AgendaCalendarExporter, ScheduleExporter, build_schedule, exporter_for
from .models import ProgramRelease

EXPORT_CACHE_SECONDS = 300


def _language(request: HttpRequest) -> str:
    """``?lang=en`` or ``?lang=zh-hans`` for machines, else the reader's language."""
    requested = request.GET.get("lang", "").strip().lower()
    if requested:
        try:
            return translation.get_supported_language_variant(requested)
        except LookupError:
            pass
    return translation.get_language() or settings.LANGUAGE_CODE


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _cache_key(
    exporter: ScheduleExporter, edition: Edition, release: ProgramRelease | None, language: str, base_url: str
) -> str:
    release_part = f"{release.pk}.{release.published_at.timestamp():.0f}" if release and release.published_at else "0"
    site = hashlib.sha256(base_url.encode()).hexdigest()[:16]
    return f"ecoforum.export.{exporter.identifier}.{edition.pk}.{release_part}.{language}.{site}"


def _render(
    exporter: ScheduleExporter, request: HttpRequest, edition: Edition, release: ProgramRelease | None, slots, language
) -> tuple[str, str]:
    with translation.override(language):
        schedule = build_schedule(edition, release=release, slots=slots, base_url=_base_url(request))
        return exporter.filename(schedule), exporter.render(schedule)


def _response(exporter: ScheduleExporter, filename: str, body: str, language: str) -> HttpResponse:
    response = HttpResponse(body.encode("utf-8"), content_type=f"{exporter.content_type}; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Content-Language"] = language
    return response


@require_safe
def schedule_export(request: HttpRequest, edition: Edition, identifier: str) -> HttpResponse:
    """A public export of the latest release."""
    exporter = exporter_for(edition, identifier)
    language = _language(request)
    release = queries.latest_release(edition)
    key = _cache_key(exporter, edition, release, language, _base_url(request))
    rendered = cache.get(key)
    if rendered is None:
        rendered = _render(exporter, request, edition, release, queries.slots_of_release(release), language)
        cache.set(key, rendered, EXPORT_CACHE_SECONDS)
    filename, body = rendered
    response = _response(exporter, filename, body, language)
    patch_cache_control(response, public=True, max_age=EXPORT_CACHE_SECONDS)
    if "lang" not in request.GET:
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_safe
def agenda_ics(request: HttpRequest, edition: Edition, token: str) -> HttpResponse:
    """The private calendar feed of a personal agenda: its starred sessions in the latest release."""
    agenda = queries.agenda_by_feed_token(edition, token)
    exporter = AgendaCalendarExporter(edition, agenda)
    language = _language(request)
    release = queries.latest_release(edition)
    slots = queries.agenda_slots_of_release(agenda, release)
    filename, body = _render(exporter, request, edition, release, slots, language)
    response = _response(exporter, filename, body, language)
    patch_cache_control(response, private=True)
    response["X-Robots-Tag"] = "noindex"
    return response
