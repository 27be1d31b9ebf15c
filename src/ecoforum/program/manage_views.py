"""The organizers' back office for the program: the draft timetable, session forms, release, Excel.

Every page needs a login. An edition is reached through
``queries.edition_to_manage`` and a session through ``queries.session_for_edit``:
the same 404 for "missing" and "not yours". Coordinators see and change only
their theme forums' sessions; organizers and program managers everything. Each
write calls a service; a domain error becomes a form error, never a 500.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition

from . import queries, services, spreadsheets
from .exceptions import ProgramError
from .forms import ImportForm, ReleaseForm, RoleFormSet, ScheduleForm, SessionForm, role_initial
from .models import Session, SessionPerson, SessionSlot
from .spreadsheets import ProgramWorkbook

DOMAIN_ERRORS = (ProgramError, Busy)


@dataclass
class DraftEntry:
    """A session as the draft timetable shows it."""

    session: Session
    slot: SessionSlot | None
    start: dt.datetime | None
    end: dt.datetime | None
    roles: list[SessionPerson]

    @property
    def scheduled(self) -> bool:
        return self.slot is not None and self.slot.is_scheduled


def _entry(session: Session, edition: Edition) -> DraftEntry:
    slot = session.draft_slots[0] if session.draft_slots else None
    scheduled = slot is not None and slot.is_scheduled
    return DraftEntry(
        session=session,
        slot=slot,
        start=timezone.localtime(slot.start, edition.tz) if scheduled else None,
        end=timezone.localtime(slot.end, edition.tz) if scheduled else None,
        roles=list(session.roles.all()),
    )


def _edition(request: HttpRequest, slug: str) -> Edition:
    edition = queries.edition_to_manage(request.user, slug)
    timezone.activate(edition.tz)  # the EditionMiddleware deactivates it after the response
    return edition


def _session(request: HttpRequest, edition: Edition, pk: int) -> Session:
    session = queries.session_for_edit(request.user, pk)
    if session.edition_id != edition.pk:
        raise Http404("No such session")
    return session


def _context(request: HttpRequest, edition: Edition, **extra) -> dict:
    return {"edition": edition, "manages_program": request.user.has_perm("forums.manage_program", edition), **extra}


def _program_url(edition: Edition, session: Session | None = None) -> str:
    url = reverse("manage:program", kwargs={"edition_slug": edition.slug})
    return f"{url}#session-{session.pk}" if session is not None else url


def _fragment(request: HttpRequest) -> bool:
    return bool(request.htmx) and not request.htmx.history_restore_request


# --- editions and the draft timetable -----------------------------------------


@login_required
@require_GET
def index(request):
    program = {e.pk for e in queries.editions_to_manage(request.user)}
    editions = [{"edition": e, "program": e.pk in program} for e in queries.editions_in_back_office(request.user)]
    return render(request, "program/manage/index.html", {"editions": editions})


@login_required
@require_GET
def program(request, edition_slug: str):
    edition = _edition(request, edition_slug)
    entries = [_entry(s, edition) for s in queries.draft_sessions(edition, user=request.user)]
    scheduled = sorted(
        (e for e in entries if e.scheduled), key=lambda e: (e.start, e.slot.room.order, e.slot.room_id, e.session.code)
    )
    days: list[dict] = []
    for entry in scheduled:
        if not days or days[-1]["day"] != entry.start.date():
            days.append({"day": entry.start.date(), "entries": []})
        days[-1]["entries"].append(entry)
    context = _context(
        request,
        edition,
        days=days,
        unscheduled=[e for e in entries if not e.scheduled],
        session_count=len(entries),
        latest=queries.latest_release(edition),
    )
    return render(request, "program/manage/program.html", context)


# --- one session ----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, edition_slug: str):
    edition = _edition(request, edition_slug)
    form = SessionForm(request.POST or None, edition=edition, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(edition, actor=request.user, **form.session_fields())
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Session %(code)s was created.") % {"code": session.code})
            return redirect(_program_url(edition, session))
    return render(request, "program/manage/session_form.html", _context(request, edition, form=form, session=None))


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, edition_slug: str, pk: int):
    edition = _edition(request, edition_slug)
    session = _session(request, edition, pk)
    form = SessionForm(
        request.POST or None, edition=edition, user=request.user, initial=SessionForm.initial_for(session)
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.update_session(session, actor=request.user, **form.session_fields())
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Session %(code)s was saved.") % {"code": session.code})
            return redirect(_program_url(edition, session))
    return render(request, "program/manage/session_form.html", _context(request, edition, form=form, session=session))


def _draft_entry(request: HttpRequest, edition: Edition, session: Session) -> DraftEntry:
    fresh = queries.draft_sessions(edition, user=request.user).filter(pk=session.pk).first()
    if fresh is None:
        raise Http404("No such session")
    return _entry(fresh, edition)


@login_required
@require_http_methods(["GET", "POST"])
def session_schedule(request, edition_slug: str, pk: int):
    """The schedule form: a whole page, or (htmx) the session's row in the timetable with the form in it."""
    edition = _edition(request, edition_slug)
    session = _session(request, edition, pk)
    entry = _draft_entry(request, edition, session)
    form = ScheduleForm(request.POST or None, edition=edition, initial=ScheduleForm.initial_for(entry.slot, edition))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.schedule_session(
                session, actor=request.user, room=data["room"], start=data["start_at"], end=data["end_at"]
            )
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            if _fragment(request):
                context = _context(request, edition, entry=_draft_entry(request, edition, session), saved=True)
                return _vary(render(request, "program/manage/program.html#session-row", context))
            messages.success(request, _("Session %(code)s was scheduled.") % {"code": session.code})
            return redirect(_program_url(edition, session))
    context = _context(request, edition, entry=entry, session=session, form=form, fragment=_fragment(request))
    if _fragment(request):
        return _vary(render(request, "program/manage/program.html#session-row", context))
    return _vary(render(request, "program/manage/schedule.html", context))


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_http_methods(["GET", "POST"])
def session_people(request, edition_slug: str, pk: int):
    edition = _edition(request, edition_slug)
    session = _session(request, edition, pk)
    formset = RoleFormSet(
        request.POST or None, initial=None if request.method == "POST" else role_initial(session), prefix="roles"
    )
    error = ""
    if request.method == "POST" and formset.is_valid():
        try:
            services.set_session_people(session, actor=request.user, people=formset.roles)
        except DOMAIN_ERRORS as exc:
            error = str(exc)
        else:
            messages.success(request, _("The people of session %(code)s were saved.") % {"code": session.code})
            return redirect(_program_url(edition, session))
    people = queries.people_to_choose()
    return render(
        request,
        "program/manage/people.html",
        _context(request, edition, session=session, formset=formset, people=people, error=error),
    )


# --- release --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def release(request, edition_slug: str):
    """What changed since the last release, and the form that publishes the draft under a version name."""
    edition = _edition(request, edition_slug)
    if not request.user.has_perm("forums.manage_program", edition):
        raise Http404("No such page")
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            published = services.release_program(edition, actor=request.user, **form.cleaned_data)
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Version %(version)s of the program is published.") % {"version": published.version}
            )
            return redirect("manage:release", edition_slug=edition.slug)
    latest = queries.latest_release(edition)
    changes = services.compare_releases(latest, services.get_draft(edition))
    context = _context(
        request,
        edition,
        form=form,
        latest=latest,
        changes=changes,
        has_changes=any(changes.values()),
        releases=list(queries.releases(edition)[:10]),
    )
    return render(request, "program/manage/release.html", context)


# --- Excel ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_program(request, edition_slug: str):
    """Upload a workbook: every problem with its row, or what was created and changed."""
    edition = _edition(request, edition_slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        result = spreadsheets.import_program(edition, upload.read(), actor=request.user, filename=upload.name)
    return render(request, "program/manage/import.html", _context(request, edition, form=form, result=result))


@login_required
@require_GET
def export_program(request, edition_slug: str):
    """The draft as a workbook: every session for organizers, their theme forums' sessions for coordinators."""
    edition = _edition(request, edition_slug)
    workbook = ProgramWorkbook(edition, user=request.user)
    response = HttpResponse(workbook.render(), content_type=workbook.content_type)
    response["Content-Disposition"] = f'attachment; filename="{workbook.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
