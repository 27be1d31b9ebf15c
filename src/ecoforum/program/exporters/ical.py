"""iCalendar (RFC 5545) for calendar apps: the whole schedule, or one visitor's agenda.

Each session is a VEVENT whose UID is the session's GUID, so a calendar that
subscribed to the feed moves the event when a new release moves the session.
DTSTAMP is the moment the release was published (the information's last
revision, RFC 5545 §3.8.7.2); times carry the edition's TZID with a VTIMEZONE.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from icalendar import Event as VEvent

from ecoforum.forums.models import Edition

from ..models import PersonalAgenda
from .base import ScheduleExporter
from .schedule import Event, Schedule

PRODID = "-//ecoforum//ecoforum schedule//EN"


def _description(event: Event) -> str:
    blocks = []
    if event.theme_forum:
        blocks.append(_("Theme forum: %(forum)s") % {"forum": event.theme_forum})
    if event.abstract:
        blocks.append(event.abstract)
    roles: dict[str, list[str]] = {}
    for person in event.persons:
        name = f"{person.name} ({person.organization})" if person.organization else person.name
        roles.setdefault(person.role_label, []).append(name)
    if roles:
        blocks.append("\n".join(f"{label}: {', '.join(names)}" for label, names in roles.items()))
    for link in event.links:
        blocks.append(f"{link.title}: {link.url}")
    blocks.append(event.url)
    return "\n\n".join(blocks)


class CalendarExporter(ScheduleExporter):
    identifier = "schedule.ics"
    label = "iCal"
    verbose_name = gettext_lazy("Calendar (iCal)")
    hint = gettext_lazy("Calendar apps")
    extension = "ics"
    content_type = "text/calendar"
    url_name = "program_exports:schedule_ics"

    def calendar_name(self, schedule: Schedule) -> str:
        return schedule.title

    def render(self, schedule: Schedule) -> str:
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", self.calendar_name(schedule))
        calendar.add("x-wr-timezone", schedule.time_zone)
        for event in schedule.events:
            vevent = VEvent()
            vevent.add("uid", str(event.guid))
            vevent.add("dtstamp", schedule.stamp)
            vevent.add("dtstart", event.start)
            vevent.add("dtend", event.end)
            vevent.add("summary", event.title)
            vevent.add("location", event.room.name)
            vevent.add("description", _description(event))
            vevent.add("url", event.url)
            if event.track is not None:
                vevent.add("categories", [event.track.name])
            calendar.add_component(vevent)
        calendar.add_missing_timezones()
        return calendar.to_ical().decode("utf-8")


class AgendaCalendarExporter(CalendarExporter):
    """The private feed of one personal agenda: the starred sessions of the latest release."""

    identifier = "agenda.ics"
    verbose_name = gettext_lazy("My agenda (iCal)")
    url_name = "program_exports:agenda_ics"
    public = False

    def __init__(self, edition: Edition, agenda: PersonalAgenda) -> None:
        super().__init__(edition)
        self.agenda = agenda

    @property
    def url(self) -> str:
        return reverse(self.url_name, kwargs={"edition": self.edition.slug, "token": self.agenda.feed_token})

    def filename(self, schedule: Schedule) -> str:
        return f"{schedule.acronym}-agenda.ics"

    def calendar_name(self, schedule: Schedule) -> str:
        return _("My agenda · %(edition)s") % {"edition": schedule.title}
