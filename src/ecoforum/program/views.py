"""The public pages of an edition: home, program, theme forums, sessions, speakers, experts, my agenda.

Every view receives ``edition`` as an object (the EditionMiddleware resolves the
``/<edition>/`` part and activates its time zone). Lists read the latest release
through ``queries``; the only write, starring a session, goes through
``services.star_session``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from ecoforum.forums import queries as forum_queries
from ecoforum.people import queries as people_queries
from ecoforum.people.enums import Academy

from . import queries, services
from .enums import PersonRole, SessionKind
from .models import PersonalAgenda, SessionSlot

ALL_DAYS = "all"
#: Sessions a page of the program shows: a forum's day fits on one; a trade fair's day (hundreds) does not.
PER_PAGE = 100
#: How many sessions the home page shows under "now" and "next".
HOME_UPCOMING = 6


# --- helpers ----------------------------------------------------------------


AGENDA_SESSION_PREFIX = "ecoforum.agenda."


def _agenda_session_key(edition) -> str:
    return f"{AGENDA_SESSION_PREFIX}{edition.pk}"


def adopt_agendas_on_login(sender, request, user, **kwargs):
    """Sessions starred before logging in stay starred after (connected to ``user_logged_in``)."""
    if request is None or not hasattr(request, "session"):
        return
    keys = [key for key in request.session.keys() if key.startswith(AGENDA_SESSION_PREFIX)]  # noqa: SIM118 (no __iter__)
    if keys:
        services.adopt_browser_agendas(user, [request.session[key] for key in keys])
        for key in keys:
            del request.session[key]


def _find_agenda(request: HttpRequest, edition) -> PersonalAgenda | None:
    return queries.find_agenda(edition, user=request.user, agenda_id=request.session.get(_agenda_session_key(edition)))


def _open_agenda(request: HttpRequest, edition) -> PersonalAgenda:
    agenda = services.open_agenda(
        edition, user=request.user, agenda_id=request.session.get(_agenda_session_key(edition))
    )
    if not request.user.is_authenticated:
        request.session[_agenda_session_key(edition)] = agenda.pk
    return agenda


def _export_url(name: str, edition, fallback: str, **kwargs) -> str:
    """The address of an export; a plain path until the exports are wired in."""
    try:
        return reverse(name, kwargs={"edition": edition.slug, **kwargs})
    except NoReverseMatch:
        return f"/{edition.slug}/{fallback}"


def _exports(edition) -> list[dict[str, str]]:
    return [
        {
            "label": "iCal",
            "hint": _("Calendar apps"),
            "url": _export_url("program_exports:schedule_ics", edition, "schedule.ics"),
        },
        {
            "label": "XML",
            "hint": _("Conference apps (frab)"),
            "url": _export_url("program_exports:schedule_xml", edition, "schedule.xml"),
        },
        {
            "label": "JSON",
            "hint": _("Data (frab)"),
            "url": _export_url("program_exports:schedule_json", edition, "schedule.json"),
        },
    ]


def _local(value: dt.datetime, edition) -> dt.datetime:
    return timezone.localtime(value, edition.tz)


def group_slots(slots: Iterable[SessionSlot], edition) -> list[dict]:
    """Slots by local day, then by start time: ``[{"day", "times": [{"start", "slots"}]}]``."""
    days: list[dict] = []
    for slot in slots:
        start = _local(slot.start, edition)
        if not days or days[-1]["day"] != start.date():
            days.append({"day": start.date(), "times": []})
        times = days[-1]["times"]
        if not times or times[-1]["start"] != start:
            times.append({"start": start, "slots": []})
        times[-1]["slots"].append(slot)
    return days


def _render(request: HttpRequest, template: str, context: dict, *, partial: str | None = None, status: int = 200):
    """The whole page, or only ``partial`` when htmx asks for it (not when it restores history)."""
    name = template
    if partial and request.htmx and not request.htmx.history_restore_request:
        name = f"{template}#{partial}"
    response = render(request, name, context, status=status)
    if partial:
        patch_vary_headers(response, ["HX-Request"])
    return response


# --- home -------------------------------------------------------------------


@require_GET
def edition_home(request, edition):
    release = queries.latest_release(edition)
    now = timezone.now()
    upcoming = list(queries.published_slots(edition, release=release).filter(end__gt=now)[:HOME_UPCOMING])
    on_now = [s for s in upcoming if s.start <= now]
    on_next = [s for s in upcoming if s.start > now]
    highlights: list[SessionSlot] = []
    if not upcoming and release is not None:
        highlights = list(
            queries.published_slots(edition, release=release).filter(
                session__kind__in=[SessionKind.CEREMONY, SessionKind.KEYNOTE, SessionKind.RELEASE]
            )[:HOME_UPCOMING]
        )
    counts = queries.program_counts(edition, release=release)
    counts.update(people_queries.expert_counts())
    figures = [
        {"value": counts["sections"], "label": pgettext_lazy("home figure", "sections")},
        {"value": counts["theme_forums"], "label": pgettext_lazy("home figure", "theme forums")},
        {"value": counts["sessions"], "label": pgettext_lazy("home figure", "sessions")},
        {"value": counts["experts"], "label": pgettext_lazy("home figure", "experts")},
        {"value": counts["academicians"], "label": pgettext_lazy("home figure", "academicians")},
    ]
    today = timezone.localdate(now, edition.tz)
    context = {
        "edition": edition,
        "release": release,
        "headline_figures": list(forum_queries.headline_figures(edition)),
        "figures": figures,
        "sections": queries.sections_with_forums(edition),
        "on_now": on_now,
        "on_next": on_next,
        "highlights": highlights,
        "is_over": today > edition.end_date,
        "is_ahead": today < edition.start_date,
        "starred": queries.starred_session_ids(_find_agenda(request, edition)),
    }
    return render(request, "program/home.html", context)


# --- the program ------------------------------------------------------------


class ProgramFilter(forms.Form):
    """What the program page filters on; invalid values are ignored, not reported."""

    day = forms.CharField(required=False)
    section = forms.SlugField(required=False)
    room = forms.IntegerField(required=False, min_value=1)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *SessionKind.choices])
    q = forms.CharField(required=False, max_length=100, strip=True)

    def value(self, name: str):
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None


def _default_day(edition) -> str:
    today = timezone.localdate(timezone.now(), edition.tz)
    return (today if today in edition.days else edition.start_date).isoformat()


@require_GET
def program(request, edition):
    form = ProgramFilter(request.GET)
    form.is_valid()
    sections = list(queries.sections_with_forums(edition))
    rooms = list(queries.rooms_of(edition))
    day_values = [d.isoformat() for d in edition.days]
    day = form.value("day") if "day" in request.GET else _default_day(edition)
    if day not in (*day_values, ALL_DAYS):
        day = _default_day(edition)
    section = next((s for s in sections if s.slug == form.value("section")), None)
    room = next((r for r in rooms if r.pk == form.value("room")), None)
    kind = form.value("kind") or ""
    text = form.value("q") or ""
    release = queries.latest_release(edition)
    found = queries.published_slots(
        edition,
        release=release,
        day=None if day == ALL_DAYS else dt.date.fromisoformat(day),
        section=section,
        room=room,
        kind=kind or None,
        query=text,
    )
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    slots = list(page.object_list)
    kept = {"day": day, "section": section.slug if section else "", "room": room.pk if room else "", "kind": kind}
    context = {
        "edition": edition,
        "release": release,
        "days": [{"value": v, "date": d} for v, d in zip(day_values, edition.days, strict=True)],
        "all_days": ALL_DAYS,
        "selected": {"day": day, "section": section, "room": room, "kind": kind, "q": text},
        "is_filtered": bool(section or room or kind or text),
        "sections": sections,
        "rooms": rooms,
        "kinds": SessionKind.choices,
        "groups": group_slots(slots, edition),
        "slot_count": page.paginator.count,
        "page": page,
        "page_query": urlencode({name: value for name, value in {**kept, "q": text}.items() if value}),
        "starred": queries.starred_session_ids(_find_agenda(request, edition)),
        "exports": _exports(edition),
    }
    return _render(request, "program/program.html", context, partial="program-list")


@require_GET
def program_changes(request, edition):
    context = {"edition": edition, "releases": list(queries.releases(edition))}
    return render(request, "program/changes.html", context)


# --- theme forums and sessions ----------------------------------------------


@require_GET
def theme_forum(request, edition, slug: str):
    forum = queries.theme_forum_by_slug(edition, slug)
    slots = list(queries.published_slots(edition, theme_forum=forum))
    context = {
        "edition": edition,
        "forum": forum,
        "groups": group_slots(slots, edition),
        "slot_count": len(slots),
        "starred": queries.starred_session_ids(_find_agenda(request, edition)),
    }
    return render(request, "program/theme_forum.html", context)


LEADING_ROLES = (PersonRole.HOST, PersonRole.MODERATOR)


@require_GET
def session_detail(request, edition, pk: int):
    slot = queries.published_slot_of_session(edition, pk)
    roles = list(slot.session.roles.all())
    context = {
        "edition": edition,
        "slot": slot,
        "session": slot.session,
        "leads": [r for r in roles if r.role in LEADING_ROLES],
        "speakers": [r for r in roles if r.role not in LEADING_ROLES],
        "starred": queries.starred_session_ids(_find_agenda(request, edition)),
    }
    return render(request, "program/session.html", context)


# --- people -----------------------------------------------------------------


@require_GET
def speakers(request, edition):
    people = list(queries.speakers_of(edition))
    return render(request, "program/speakers.html", {"edition": edition, "people": people})


@require_GET
def speaker_detail(request, edition, slug: str):
    """A person page: speakers of the edition and experts of the think tank; anyone else is not found."""
    person = people_queries.person_with_profile(slug)
    slots = list(queries.slots_of_person(edition, person)) if person else []
    profile = getattr(person, "expert_profile", None)
    if person is None or (not slots and profile is None):
        raise Http404("No such person")
    context = {
        "edition": edition,
        "person": person,
        "profile": profile,
        "groups": group_slots(slots, edition),
        "starred": queries.starred_session_ids(_find_agenda(request, edition)),
    }
    return render(request, "program/speaker.html", context)


ACADEMY_ORDER = [Academy.CAS, Academy.CAE, Academy.FOREIGN, Academy.NONE]


@require_GET
def experts(request, edition):
    academicians_only = request.GET.get("academicians") == "1"
    profiles = list(people_queries.experts(academicians_only=academicians_only))
    groups = []
    for academy in ACADEMY_ORDER:
        members = [p for p in profiles if (p.academy or "") == academy]
        if members:
            label = Academy(academy).label if academy else _("Experts")
            groups.append({"academy": academy or "none", "label": label, "experts": members})
    context = {
        "edition": edition,
        "groups": groups,
        "count": len(profiles),
        "academicians_only": academicians_only,
    }
    return render(request, "program/experts.html", context)


# --- my agenda --------------------------------------------------------------


@require_GET
def agenda(request, edition):
    mine = _find_agenda(request, edition)
    slots = list(queries.agenda_slots(mine)) if mine else []
    feed_url = ""
    if mine is not None:
        path = _export_url(
            "program_exports:agenda_ics", edition, f"agenda/{mine.feed_token}.ics", token=mine.feed_token
        )
        feed_url = request.build_absolute_uri(path)
    context = {
        "edition": edition,
        "agenda": mine,
        "groups": group_slots(slots, edition),
        "slot_count": len(slots),
        "dropped": list(queries.agenda_sessions_dropped(mine)) if mine else [],
        "starred": {s.session_id for s in slots},
        "feed_url": feed_url,
        "webcal_url": feed_url.replace("https://", "webcal://", 1).replace("http://", "webcal://", 1),
    }
    return render(request, "program/agenda.html", context)


def _local_path(target: str | None) -> str:
    """``target`` if it is a path on this site, else empty."""
    return target if target and target.startswith("/") and not target.startswith("//") else ""


def _back(request: HttpRequest, edition) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("program:agenda", kwargs={"edition": edition.slug})


@require_POST
def star(request, edition, session_pk: int):
    """Toggle a session on the visitor's agenda: the button for htmx, a redirect back otherwise."""
    session = queries.public_session(edition, session_pk)
    agenda = _open_agenda(request, edition)
    wanted = request.POST.get("starred")
    if wanted in ("0", "1"):
        starred = wanted == "1"
    else:
        starred = session.pk not in queries.starred_session_ids(agenda)
    services.star_session(agenda, session, starred=starred)
    if request.htmx:
        context = {
            "edition": edition,
            "session": session,
            "starred": {session.pk} if starred else set(),
            "next_url": _local_path(request.htmx.current_url_abs_path),
        }
        response = render(request, "program/_star.html", context)
        response["HX-Trigger"] = "agendaChanged"
        return response
    return redirect(_back(request, edition))
