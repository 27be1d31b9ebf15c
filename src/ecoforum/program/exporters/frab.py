"""The frab (pentabarf) schedule formats that conference apps and video teams read.

``schedule.xml`` validates against c3voc's ``schedule.xml.xsd`` and
``schedule.json`` against its ``schedule.schema.json`` ("v1"); the tests check
both. Apps key on the event ``guid``; times carry the edition's UTC offset.
"""

from __future__ import annotations

import io
import json
import re
from importlib import metadata
from typing import Any
from xml.sax.xmlreader import AttributesImpl

from django.utils.translation import gettext_lazy as _
from django.utils.xmlutils import SimplerXMLGenerator

from .base import ScheduleExporter
from .schedule import Event, Schedule

GENERATOR = "ecoforum"
try:
    GENERATOR_VERSION = metadata.version("ecoforum")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    GENERATOR_VERSION = "0"

#: Characters that XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: object) -> str:
    return _NOT_XML.sub("", str(value))


class _Writer:
    """SimplerXMLGenerator with indentation, so people can read the file too."""

    def __init__(self) -> None:
        self.out = io.StringIO()
        self.xml = SimplerXMLGenerator(self.out, "utf-8", short_empty_elements=True)
        self.depth = 0
        self.empty = False  # the element just opened has no child yet: close it as <name/>

    def _newline(self) -> None:
        if self.depth or self.out.tell() > len('<?xml version="1.0" encoding="utf-8"?>\n'):
            self.xml.ignorableWhitespace("\n" + "  " * self.depth)

    def start(self, name: str, attrs: dict[str, Any] | None = None) -> None:
        self._newline()
        # SAX hands attributes over as an Attributes object; Django's generator reads them through .items().
        self.xml.startElement(name, AttributesImpl({key: _text(value) for key, value in (attrs or {}).items()}))
        self.depth += 1
        self.empty = True

    def end(self, name: str) -> None:
        self.depth -= 1
        if not self.empty:
            self._newline()
        self.xml.endElement(name)
        self.empty = False

    def leaf(self, name: str, text: object = "", attrs: dict[str, Any] | None = None) -> None:
        self._newline()
        self.empty = False
        self.xml.addQuickElement(name, _text(text), {key: _text(value) for key, value in (attrs or {}).items()})


class FrabXmlExporter(ScheduleExporter):
    identifier = "schedule.xml"
    label = "XML"
    verbose_name = _("Schedule (frab XML)")
    hint = _("Conference apps (frab)")
    extension = "xml"
    content_type = "application/xml"
    url_name = "program_exports:schedule_xml"

    def render(self, schedule: Schedule) -> str:
        w = _Writer()
        w.xml.startDocument()
        w.start("schedule")
        w.leaf("generator", attrs={"name": GENERATOR, "version": GENERATOR_VERSION})
        w.leaf("url", schedule.base_url + self.url)
        w.leaf("version", schedule.version)
        self._conference(w, schedule)
        for day in schedule.days:
            w.start(
                "day",
                {
                    "index": day.index,
                    "date": day.date.isoformat(),
                    "start": day.start.isoformat(),
                    "end": day.end.isoformat(),
                },
            )
            for room_of_day in day.rooms:
                w.start("room", {"name": room_of_day.room.name, "guid": room_of_day.room.guid})
                for event in room_of_day.events:
                    self._event(w, event)
                w.end("room")
            w.end("day")
        w.end("schedule")
        w.xml.endDocument()
        return w.out.getvalue() + "\n"

    def _conference(self, w: _Writer, schedule: Schedule) -> None:
        w.start("conference")
        w.leaf("title", schedule.title)
        w.leaf("acronym", schedule.acronym)
        w.leaf("start", schedule.start_date.isoformat())
        w.leaf("end", schedule.end_date.isoformat())
        w.leaf("days", len(schedule.days))
        w.leaf("timeslot_duration", schedule.timeslot_duration)
        w.leaf("base_url", schedule.edition_url)
        w.leaf("url", schedule.program_url)
        w.leaf("time_zone_name", schedule.time_zone)
        for track in schedule.tracks:
            attrs = {"name": track.name}
            if track.colour:
                attrs["color"] = track.colour
            if track.slug:
                attrs["slug"] = track.slug
            w.leaf("track", attrs=attrs)
        w.end("conference")

    def _event(self, w: _Writer, event: Event) -> None:
        w.start("event", {"id": event.pk, "guid": event.guid})
        w.leaf("room", event.room.name)
        w.leaf("title", event.title)
        w.leaf("subtitle", event.subtitle)
        w.leaf("type", event.kind)
        w.leaf("date", event.start.isoformat())
        w.leaf("start", f"{event.start:%H:%M}")
        w.leaf("duration", event.duration)
        w.leaf("abstract", event.abstract)
        w.leaf("slug", event.slug)
        w.leaf("track", event.track.name if event.track else "")
        w.start("persons")
        for person in event.persons:
            w.leaf("person", person.name, {"id": person.pk})
        w.end("persons")
        w.leaf("language", event.language)
        w.start("links")
        for link in event.links:
            w.leaf("link", link.title, {"href": link.url, "type": link.type})
        w.end("links")
        w.leaf("url", event.url)
        w.end("event")


class FrabJsonExporter(ScheduleExporter):
    identifier = "schedule.json"
    label = "JSON"
    verbose_name = _("Schedule (frab JSON)")
    hint = _("Data (frab)")
    extension = "json"
    content_type = "application/json"
    url_name = "program_exports:schedule_json"

    def render(self, schedule: Schedule) -> str:
        document = {
            "$schema": "https://c3voc.de/schedule/schema.json",
            "generator": {"name": GENERATOR, "version": GENERATOR_VERSION},
            "schedule": {
                "url": schedule.base_url + self.url,
                "version": schedule.version,
                "base_url": schedule.edition_url,
                "conference": {
                    "acronym": schedule.acronym,
                    "title": schedule.title,
                    "start": schedule.start_date.isoformat(),
                    "end": schedule.end_date.isoformat(),
                    "daysCount": len(schedule.days),
                    "timeslot_duration": schedule.timeslot_duration,
                    "time_zone_name": schedule.time_zone,
                    "url": schedule.program_url,
                    "rooms": [
                        {"name": room.name, "guid": str(room.guid), "capacity": room.capacity}
                        for room in schedule.rooms
                    ],
                    "tracks": [self._track(track) for track in schedule.tracks],
                    "days": [
                        {
                            "index": day.index,
                            "date": day.date.isoformat(),
                            "day_start": day.start.isoformat(),
                            "day_end": day.end.isoformat(),
                            "rooms": {r.room.name: [self._event(e) for e in r.events] for r in day.rooms},
                        }
                        for day in schedule.days
                    ],
                },
            },
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"

    @staticmethod
    def _track(track) -> dict[str, str]:
        data = {"name": track.name}
        if track.colour:
            data["color"] = track.colour
        if track.slug:
            data["slug"] = track.slug
        return data

    @staticmethod
    def _event(event: Event) -> dict[str, Any]:
        return {
            "guid": str(event.guid),
            "id": event.pk,
            "date": event.start.isoformat(),
            "start": f"{event.start:%H:%M}",
            "end": event.end.isoformat(),
            "duration": event.duration,
            "room": event.room.name,
            "slug": event.slug,
            "url": event.url,
            "title": event.title,
            "subtitle": event.subtitle,
            "track": event.track.name if event.track else None,
            "type": event.kind,
            "language": event.language,
            "abstract": event.abstract,
            # A frab person: ``id`` and ``public_name``, never also ``name`` (the schema's oneOf).
            "persons": [{"id": p.pk, "public_name": p.name, "url": p.url} for p in event.persons],
            "links": [{"url": link.url, "title": link.title, "type": link.type} for link in event.links],
        }
