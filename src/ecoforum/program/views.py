"""The public pages of an edition: home, program, theme forums, sessions, speakers, experts, my agenda.

Every view receives ``edition`` as an object (the EditionMiddleware resolves the
``/<edition>/`` part and activates its time zone). Lists read the latest release
through ``queries``; the only write, starring a session, goes through
``services.star_session``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from urllib.parse import quote, urlencode

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import RFC3986_SUBDELIMS, url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ecoforum.forums import queries as forum_queries
from ecoforum.people import queries as people_queries
from ecoforum.people.enums import Academy

from . import page_cache, queries, services
from .enums import PersonRole, SessionKind
from .models import PersonalAgenda, SessionSlot

ALL_DAYS = "all"
#: The roles that lead a session (named apart from the speakers).
LEADING_ROLES = (PersonRole.HOST, PersonRole.MODERATOR)
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


#: Speakers a card names; the others are counted ("and 3 more").
CARD_PEOPLE = 6
#: An id no row has: an address is reversed once with it, then copied with each row's id.
_PLACEHOLDER_ID = 98_765_432_109_876_543
_PLACEHOLDER_SLUG = "ecoforum-placeholder-slug"


def _address(name: str, edition, **placeholder) -> Callable[[object], str]:
    """``reverse`` for many rows at once: the address is built once, each row's value copied in."""
    ((argument, value),) = placeholder.items()
    template = reverse(name, kwargs={"edition": edition.slug, argument: value})
    # Quoted as ``reverse`` quotes its arguments.
    return lambda row_value: template.replace(str(value), quote(str(row_value), safe=RFC3986_SUBDELIMS + "/~:@"))


def prepare_cards(slots: Iterable[SessionSlot], edition) -> list[SessionSlot]:
    """Everything a session card (``_slot_card.html``) shows, worked out once per list instead of
    per card in the template: local times, addresses, the speakers named and how many more."""
    session_url = _address("program:session", edition, pk=_PLACEHOLDER_ID)
    forum_url = _address("program:theme_forum", edition, slug=_PLACEHOLDER_SLUG)
    speaker_url = _address("program:speaker", edition, slug=_PLACEHOLDER_SLUG)
    kinds = dict(SessionKind.choices)
    role_labels = dict(PersonRole.choices)
    prepared = []
    for slot in slots:
        start, end = _local(slot.start, edition), _local(slot.end, edition)
        session = slot.session
        roles = list(session.roles.all())
        slot.card = {
            "start": start,
            "start_iso": start.isoformat(),
            "start_hm": start.strftime("%H:%M"),
            "end_iso": end.isoformat(),
            "end_hm": end.strftime("%H:%M"),
            "kind_label": kinds.get(session.kind, session.kind),
            "url": session_url(session.pk),
            "forum_url": forum_url(session.theme_forum.slug) if session.theme_forum_id else "",
            "people": [
                {
                    "name": role.person.name,
                    "url": speaker_url(role.person.slug),
                    "lead": role_labels.get(role.role, role.role) if role.role in LEADING_ROLES else "",
                }
                for role in roles[:CARD_PEOPLE]
            ],
            "more": max(len(roles) - CARD_PEOPLE, 0),
        }
        prepared.append(slot)
    return prepared


def group_slots(slots: Iterable[SessionSlot], edition) -> list[dict]:
    """Slots by local day, then by start time: ``[{"day", "times": [{"start", "slots"}]}]``, each
    slot ready for its card (:func:`prepare_cards`)."""
    days: list[dict] = []
    for slot in prepare_cards(slots, edition):
        start = slot.card["start"]
        if not days or days[-1]["day"] != start.date():
            days.append({"day": start.date(), "times": []})
        times = days[-1]["times"]
        if not times or times[-1]["start"] != start:
            times.append({"start": start, "slots": []})
        times[-1]["slots"].append(slot)
    return days


# --- home -------------------------------------------------------------------


@require_GET
def edition_home(request, edition):
    release = queries.latest_release(edition)
    now = timezone.now()
    upcoming = list(queries.published_slots(edition, release=release).filter(end__gt=now)[:HOME_UPCOMING])
    on_now = prepare_cards([s for s in upcoming if s.start <= now], edition)
    on_next = prepare_cards([s for s in upcoming if s.start > now], edition)
    highlights: list[SessionSlot] = []
    if not upcoming and release is not None:
        highlights = prepare_cards(
            queries.published_slots(edition, release=release).filter(
                session__kind__in=[SessionKind.CEREMONY, SessionKind.KEYNOTE, SessionKind.RELEASE]
            )[:HOME_UPCOMING],
            edition,
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
    """The program: the filters and the session list from the cache (``page_cache``), this visitor's
    stars filled in. An htmx request that filters gets the list alone."""
    form = ProgramFilter(request.GET)
    form.is_valid()
    release = queries.latest_release(edition)
    day = form.value("day") if "day" in request.GET else _default_day(edition)
    if day not in (*(d.isoformat() for d in edition.days), ALL_DAYS):
        day = _default_day(edition)
    asked = {
        "day": day,
        "section": form.value("section") or "",
        "room": form.value("room") or "",
        "kind": form.value("kind") or "",
        "q": form.value("q") or "",
    }
    page_asked = request.GET.get("page")
    key = page_cache.list_key(
        edition,
        release,
        language=get_language() or "",
        filters=asked,
        page=page_asked,
        generation=page_cache.generation(),
    )
    cached = cache.get(key)
    if cached is None:
        cached = _program_parts(edition, release, asked=asked, page_asked=page_asked)
        cache.set(key, cached, page_cache.timeout())
    starred = queries.starred_session_ids(_find_agenda(request, edition))
    # Rendered by our own templates (escaped there), then filled with our own star buttons.
    program_list = mark_safe(page_cache.fill_stars(cached["list"], request, edition, starred))  # noqa: S308
    if request.htmx and not request.htmx.history_restore_request:
        response = HttpResponse(program_list)
    else:
        context = {
            "edition": edition,
            "release": release,
            "exports": _exports(edition),
            "program_filters": mark_safe(cached["filters"]),  # noqa: S308 (our template's output)
            "program_list": program_list,
        }
        response = render(request, "program/program.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _program_parts(edition, release, *, asked: dict[str, str], page_asked: str | None) -> dict[str, str]:
    """The filters and the session list as every visitor sees them (stars left as markers):
    ``{"filters": html, "list": html}``. Queries: sections, rooms, the slots, their people, a count."""
    sections = list(queries.sections_of(edition))
    rooms = list(queries.rooms_of(edition))
    section = next((s for s in sections if s.slug == asked["section"]), None)
    room = next((r for r in rooms if r.pk == asked["room"]), None)
    day, kind, text = asked["day"], asked["kind"], asked["q"]
    context = {
        "edition": edition,
        "release": release,
        "days": [{"value": d.isoformat(), "date": d} for d in edition.days],
        "all_days": ALL_DAYS,
        "selected": {"day": day, "section": section, "room": room, "kind": kind, "q": text},
        "is_filtered": bool(section or room or kind or text),
        "sections": sections,
        "rooms": rooms,
        "kinds": SessionKind.choices,
    }
    found = queries.published_slots(
        edition,
        release=release,
        day=None if day == ALL_DAYS else dt.date.fromisoformat(day),
        section=section,
        room=room,
        kind=kind or None,
        query=text,
    )
    page = Paginator(found, PER_PAGE).get_page(page_asked)
    slots = list(page.object_list)
    kept = {"day": day, "section": section.slug if section else "", "room": room.pk if room else "", "kind": kind}
    listing = {
        **context,
        "groups": group_slots(slots, edition),
        "slot_count": page.paginator.count,
        "page": page,
        "page_query": urlencode({name: value for name, value in {**kept, "q": text}.items() if value}),
    }
    return {
        "filters": render_to_string("program/_program_filters.html", context),
        "list": render_to_string("program/_program_list.html", listing),
    }


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
