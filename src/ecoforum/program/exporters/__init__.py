"""Standard exports of the published schedule: frab XML and JSON, iCalendar.

One small class per format (pretalx's ``schedule/interfaces/exporters.py``);
the view builds the :class:`~.schedule.Schedule` once from the latest release
and the exporter renders it. ``exporters_for`` lists the public ones for the
program page's download links.
"""

from __future__ import annotations

from django.http import Http404

from ecoforum.forums.models import Edition

from .base import ScheduleExporter
from .frab import FrabJsonExporter, FrabXmlExporter
from .ical import AgendaCalendarExporter, CalendarExporter
from .schedule import Schedule, acronym_of, build_schedule

#: The public formats, in the order the program page lists them.
EXPORTERS: tuple[type[ScheduleExporter], ...] = (CalendarExporter, FrabXmlExporter, FrabJsonExporter)

__all__ = [
    "EXPORTERS",
    "AgendaCalendarExporter",
    "CalendarExporter",
    "FrabJsonExporter",
    "FrabXmlExporter",
    "Schedule",
    "ScheduleExporter",
    "acronym_of",
    "build_schedule",
    "exporter_for",
    "exporters_for",
]


def exporters_for(edition: Edition) -> list[ScheduleExporter]:
    """The public exports of ``edition``: each has ``identifier``, ``verbose_name``, ``label``, ``hint``, ``url``."""
    return [exporter(edition) for exporter in EXPORTERS if exporter.public]


def exporter_for(edition: Edition, identifier: str) -> ScheduleExporter:
    for exporter in EXPORTERS:
        if exporter.identifier == identifier and exporter.public:
            return exporter(edition)
    raise Http404("No such export")
