"""Pages of the 1:1 meetings: the organizers' board and the participants' own meetings.

Organizers (``forums.manage_edition``) work under ``/manage/<edition>/investment/meetings/``:
the grid, a run of the scheduler, the slot × table board, moving, booking, publishing and
the printable table sheets. Anybody else gets the same 404 as for a missing edition.

Participants see their own published and confirmed meetings at ``/<edition>/meetings/``,
confirm or cancel them, and subscribe to them as a calendar: ``calendar.ics`` after login,
or ``feed/<signed token>.ics`` that a calendar app can read without one. A meeting that is
missing and a meeting that is not theirs are the same 404. Every write calls a service in
``meetings``; a domain error becomes a message, never a 500.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe
from icalendar import Calendar
from icalendar import Event as VEvent

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import organized_edition
from ecoforum.people.models import Person

from . import meetings
from .enums import MeetingStatus
from .exceptions import InvestmentError
from .models import Meeting, MeetingRequest, MeetingSlot, NegotiationTable

DOMAIN_ERRORS = (InvestmentError, Busy)
#: Seconds the scheduler may think when an organizer presses "run" (the page waits for it).
RUN_TIME_LIMIT = 20.0
PRODID = "-//ecoforum//ecoforum meetings//EN"
#: A forum lasts days, not months: the grid form refuses longer ranges before making any slot.
MAX_GRID_DAYS = 30


# --- forms ------------------------------------------------------------------------------------

BREAK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


class GridForm(forms.Form):
    tables = forms.IntegerField(label=gettext_lazy("Tables"), min_value=1, max_value=meetings.MAX_TABLES)
    first_day = forms.DateField(label=gettext_lazy("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    last_day = forms.DateField(label=gettext_lazy("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=gettext_lazy("Meetings start"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=gettext_lazy("Meetings end"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=gettext_lazy("Minutes per meeting"), min_value=5, max_value=240)
    breaks = forms.CharField(
        label=gettext_lazy("Breaks"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Such as 12:00-13:30, 15:00-15:15."),
    )

    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition

    def clean_breaks(self) -> list[tuple[dt.time, dt.time]]:
        pauses = []
        for part in (self.cleaned_data.get("breaks") or "").split(","):
            if not part.strip():
                continue
            match = BREAK.match(part)
            try:
                if match is None:
                    raise ValueError(part)
                h1, m1, h2, m2 = (int(g) for g in match.groups())
                pause = (dt.time(h1, m1), dt.time(h2, m2))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("“%(value)s” is not a break such as 12:00-13:30.") % {"value": part.strip()}
                ) from exc
            if pause[1] <= pause[0]:
                raise forms.ValidationError(_("The break %(value)s ends before it starts.") % {"value": part.strip()})
            pauses.append(pause)
        return pauses

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot come before the first day."))
        elif first and last and (last - first).days > MAX_GRID_DAYS:
            self.add_error("last_day", _("Meetings run on at most %(days)s days.") % {"days": MAX_GRID_DAYS + 1})
        return data

    def spec(self) -> meetings.GridSpec:
        data = self.cleaned_data
        days = [
            data["first_day"] + dt.timedelta(days=i) for i in range((data["last_day"] - data["first_day"]).days + 1)
        ]
        return meetings.GridSpec(
            days=days, start=data["start"], end=data["end"], minutes=data["minutes"], breaks=data["breaks"]
        )

    @staticmethod
    def initial_for(edition: Edition, grid: meetings.Grid) -> dict:
        if not grid.slots:
            return {
                "tables": 40,
                "first_day": edition.start_date,
                "last_day": edition.end_date,
                "start": dt.time(9),
                "end": dt.time(17),
                "minutes": 20,
                "breaks": "12:00-13:30",
            }
        local = [
            (timezone.localtime(s.starts_at, edition.tz), timezone.localtime(s.ends_at, edition.tz)) for s in grid.slots
        ]
        first = local[0]
        gaps = sorted(
            {
                (end.time(), next_start.time())
                for (_start, end), (next_start, _end) in itertools.pairwise(local)
                if next_start.date() == end.date() and next_start > end
            }
        )
        return {
            "tables": len(grid.tables),
            "first_day": first[0].date(),
            "last_day": local[-1][0].date(),
            "start": min(start.time() for start, _end in local),
            "end": max(end.time() for _start, end in local),
            "minutes": int((first[1] - first[0]).total_seconds() // 60),
            "breaks": ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in gaps),
        }


class SlotChoice(forms.ModelChoiceField):
    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition

    def label_from_instance(self, obj) -> str:
        return meetings.slot_label(obj, self.edition)


class MoveForm(forms.Form):
    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"] = SlotChoice(
            MeetingSlot.objects.filter(edition=edition).order_by("starts_at"), edition=edition, label=_("Slot")
        )
        self.fields["table"] = forms.ModelChoiceField(
            NegotiationTable.objects.filter(edition=edition).order_by("number"),
            label=_("Table"),
            required=False,
            empty_label=_("The lowest free table"),
        )


class BookForm(forms.Form):
    def __init__(self, *args, edition: Edition, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot"] = SlotChoice(
            MeetingSlot.objects.filter(edition=edition).order_by("starts_at"), edition=edition, label=_("Slot")
        )


class CancelForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Why"), required=False, max_length=500)


# --- the organizers' board ----------------------------------------------------------------------


def _meeting(edition: Edition, pk: int) -> Meeting:
    meeting = meetings.meetings_of_edition(edition).select_related("edition").filter(pk=pk).first()
    if meeting is None:
        raise Http404("No such meeting")
    return meeting


def _board_url(edition: Edition) -> str:
    return reverse("manage_investment:meetings", kwargs={"edition_slug": edition.slug})


def _fragment(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.history_restore_request


def _vary(response: HttpResponse) -> HttpResponse:
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass
class BoardRow:
    slot: MeetingSlot
    cells: list[Meeting | None]


def _board(edition: Edition, grid: meetings.Grid) -> tuple[list[BoardRow], dict[str, int]]:
    by_place = {(m.slot_id, m.table_id): m for m in meetings.meetings_of_edition(edition)}
    counts = dict.fromkeys((str(status.value) for status in meetings.ACTIVE), 0)
    for meeting in by_place.values():
        counts[str(meeting.status)] += 1
    rows = [BoardRow(slot, [by_place.get((slot.pk, table.pk)) for table in grid.tables]) for slot in grid.slots]
    return rows, counts


def _board_context(request: HttpRequest, edition: Edition, **extra) -> dict:
    grid = meetings.grid_of(edition)
    rows, counts = _board(edition, grid)
    unplaced = [{"request": r, "reason": meetings.reason_text(code)} for r, code in meetings.unplaced_requests(edition)]
    return {
        "edition": edition,
        "grid": grid,
        "rows": rows,
        "counts": counts,
        "meeting_count": sum(counts.values()),
        "unplaced": unplaced,
        "grid_form": extra.pop("grid_form", None)
        or GridForm(edition=edition, initial=GridForm.initial_for(edition, grid)),
        "statuses": MeetingStatus,
        **extra,
    }


@login_required
@require_GET
def board(request, edition_slug: str):
    edition = organized_edition(request, edition_slug)
    return render(request, "investment/manage/meetings.html", _board_context(request, edition))


@login_required
@require_http_methods(["POST"])
def set_up_grid(request, edition_slug: str):
    edition = organized_edition(request, edition_slug)
    form = GridForm(request.POST, edition=edition)
    if form.is_valid():
        try:
            grid = meetings.set_up_meeting_grid(
                edition, tables=form.cleaned_data["tables"], slots=form.spec(), actor=request.user
            )
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("The grid has %(tables)s tables and %(slots)s slots.")
                % {"tables": len(grid.tables), "slots": len(grid.slots)},
            )
            return redirect(_board_url(edition))
    context = _board_context(request, edition, grid_form=form)
    return render(request, "investment/manage/meetings.html", context, status=400)


@login_required
@require_POST
def run(request, edition_slug: str):
    """Runs the scheduler while the organizer waits (seconds), then shows the new draft and what it did."""
    edition = organized_edition(request, edition_slug)
    try:
        summary = meetings.run_scheduler(edition, actor=request.user, time_limit=RUN_TIME_LIMIT)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect(_board_url(edition))
    names = MeetingRequest.objects.filter(pk__in=summary.unscheduled).select_related(
        "project", "investor__organization", "investor_person", "owner_person"
    )
    unscheduled = [
        {"request": r, "reason": meetings.reason_text(summary.unscheduled[r.pk])}
        for r in names.order_by("-priority", "created", "pk")
    ]
    context = _board_context(request, edition, summary=summary, summary_unscheduled=unscheduled)
    return render(request, "investment/manage/meetings.html", context)


@login_required
@require_POST
def publish(request, edition_slug: str):
    edition = organized_edition(request, edition_slug)
    try:
        count = meetings.publish_meetings(edition, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(count)s meetings are published.") % {"count": count})
    return redirect(_board_url(edition))


@login_required
@require_http_methods(["GET", "POST"])
def move(request, edition_slug: str, pk: int):
    """The move form: a whole page, or (htmx) the panel above the board; after a move the board reloads."""
    edition = organized_edition(request, edition_slug)
    meeting = _meeting(edition, pk)
    form = MoveForm(request.POST or None, edition=edition, initial={"slot": meeting.slot, "table": meeting.table})
    if request.method == "POST" and form.is_valid():
        try:
            moved = meetings.move_meeting(
                meeting, slot=form.cleaned_data["slot"], table=form.cleaned_data["table"], actor=request.user
            )
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(project)s now meets at %(slot)s, table %(table)s.")
                % {
                    "project": moved.request.project.code,
                    "slot": meetings.slot_label(moved.slot, edition),
                    "table": meetings.table_label(moved.table),
                },
            )
            if _fragment(request):
                # The move changes two cells (and maybe the counts): the board reloads, with the message.
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            return redirect(f"{_board_url(edition)}#meeting-{moved.pk}")
    context = {"edition": edition, "meeting": meeting, "form": form, "fragment": _fragment(request)}
    template = "investment/manage/meetings_move.html"
    if _fragment(request):
        template += "#move-form"
    # htmx swaps only successful responses: the panel with its errors comes back as 200.
    status = 400 if form.errors and not _fragment(request) else 200
    return _vary(render(request, template, context, status=status))


@login_required
@require_POST
def book(request, edition_slug: str, pk: int):
    """On site: both sides agreed a time; the request gets a confirmed meeting at the lowest free table."""
    edition = organized_edition(request, edition_slug)
    meeting_request = MeetingRequest.objects.filter(edition=edition, pk=pk).select_related("edition").first()
    if meeting_request is None:
        raise Http404("No such request")
    form = BookForm(request.POST, edition=edition)
    if not form.is_valid():
        messages.error(request, _("Choose a slot."))
        return redirect(_board_url(edition))
    try:
        booked = meetings.book_meeting(meeting_request, slot=form.cleaned_data["slot"], actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
        return redirect(_board_url(edition))
    messages.success(
        request,
        _("%(project)s is booked at %(slot)s, table %(table)s.")
        % {
            "project": meeting_request.project.code,
            "slot": meetings.slot_label(booked.slot, edition),
            "table": meetings.table_label(booked.table),
        },
    )
    return redirect(f"{_board_url(edition)}#meeting-{booked.pk}")


@dataclass
class TableSheet:
    table: NegotiationTable
    meetings: list[Meeting]


@login_required
@require_GET
def table_sheets(request, edition_slug: str, number: int | None = None):
    """Printable (A4): one page per table with its meetings in time order."""
    edition = organized_edition(request, edition_slug)
    if number is not None and number > meetings.MAX_TABLES:
        raise Http404("No such table")
    tables = NegotiationTable.objects.filter(edition=edition).order_by("number")
    if number is not None:
        tables = tables.filter(number=number)
    tables_list = list(tables)
    if number is not None and not tables_list:
        raise Http404("No such table")
    by_table: dict[int, list[Meeting]] = {t.pk: [] for t in tables_list}
    for meeting in meetings.meetings_of_edition(edition).filter(table__in=tables_list):
        by_table[meeting.table_id].append(meeting)
    sheets = [TableSheet(t, by_table[t.pk]) for t in tables_list]
    return render(request, "investment/manage/meetings_tables.html", {"edition": edition, "sheets": sheets})


# --- participants -------------------------------------------------------------------------------


def _person(request: HttpRequest) -> Person | None:
    return Person.objects.filter(user=request.user).select_related("organization").first()


@dataclass
class MyMeeting:
    meeting: Meeting
    counterpart: Person
    counterpart_organization: str
    my_side_confirmed: bool

    @property
    def can_confirm(self) -> bool:
        return self.meeting.status == MeetingStatus.PUBLISHED and not self.my_side_confirmed


def _my_meetings(edition: Edition, person: Person) -> list[MyMeeting]:
    entries = []
    for meeting in meetings.meetings_of_person(edition, person):
        request = meeting.request
        if request.investor_person_id == person.pk:
            counterpart = request.owner_person
            organization = str(request.project.owner) if request.project.owner_id else ""
            mine = meeting.investor_confirmed
        else:
            counterpart = request.investor_person
            organization = str(request.investor.organization)
            mine = meeting.owner_confirmed
        entries.append(MyMeeting(meeting, counterpart, organization, mine))
    return entries


@login_required
@require_GET
def my_meetings(request, edition):
    person = _person(request)
    entries = _my_meetings(edition, person) if person is not None else []
    feed_url = (
        request.build_absolute_uri(
            reverse(
                "investment:meetings_feed",
                kwargs={"edition": edition.slug, "token": meetings.feed_token(edition, person)},
            )
        )
        if person is not None
        else ""
    )
    context = {"edition": edition, "person": person, "entries": entries, "feed_url": feed_url}
    return render(request, "investment/meetings/mine.html", context)


def _mine_url(edition: Edition) -> str:
    return reverse("investment:meetings", kwargs={"edition": edition.slug})


@login_required
@require_POST
def confirm(request, edition, pk: int):
    meeting = meetings.meeting_for(request.user, edition, pk)
    try:
        meetings.confirm_meeting(meeting, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("You confirmed the meeting at %(slot)s.") % {"slot": meeting.slot.code})
    return redirect(_mine_url(edition))


@login_required
@require_POST
def cancel(request, edition, pk: int):
    meeting = meetings.meeting_for(request.user, edition, pk)
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        meetings.cancel_meeting(meeting, actor=request.user, reason=reason)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The meeting at %(slot)s is cancelled.") % {"slot": meeting.slot.code})
    return redirect(_mine_url(edition))


def render_calendar(request: HttpRequest, edition: Edition, person: Person) -> HttpResponse:
    """The person's published and confirmed meetings as iCalendar, times in the edition's time zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("My meetings · %(edition)s") % {"edition": edition.name})
    calendar.add("x-wr-timezone", edition.time_zone)
    page = request.build_absolute_uri(_mine_url(edition))
    host = request.get_host().split(":")[0] or "ecoforum"
    for entry in _my_meetings(edition, person):
        meeting = entry.meeting
        event = VEvent()
        event.add("uid", f"meeting-{meeting.pk}@{host}")
        event.add("dtstamp", meeting.updated)
        event.add("dtstart", timezone.localtime(meeting.slot.starts_at, edition.tz))
        event.add("dtend", timezone.localtime(meeting.slot.ends_at, edition.tz))
        event.add(
            "summary",
            _("Meeting with %(person)s · %(project)s")
            % {"person": entry.counterpart.name, "project": meeting.request.project.code},
        )
        event.add("location", _("Negotiation table %(table)s") % {"table": meetings.table_label(meeting.table)})
        event.add(
            "description",
            "\n".join(
                part
                for part in (
                    f"{entry.counterpart.name} ({entry.counterpart_organization})",
                    f"{meeting.request.project.code} {meeting.request.project.name}",
                    page,
                )
                if part
            ),
        )
        event.add("status", "CONFIRMED" if meeting.status == MeetingStatus.CONFIRMED else "TENTATIVE")
        event.add("url", page)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, f"{edition.slug}-meetings.ics")
    patch_cache_control(response, private=True, no_cache=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_safe
def my_calendar(request, edition):
    person = _person(request)
    if person is None:
        raise Http404("No meetings")
    return render_calendar(request, edition, person)


@require_safe
def calendar_feed(request, edition, token: str):
    """For calendar apps: the signed token stands for the login."""
    return render_calendar(request, edition, meetings.person_by_feed_token(edition, token))
