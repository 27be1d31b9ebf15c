"""The standard schedule exports (frab XML and JSON, iCalendar) and the private agenda feed.

Each standard format is checked against its published schema (``../shared/specs/formats``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from jsonschema import Draft6Validator, FormatChecker
from lxml import etree

from ecoforum.program import services
from ecoforum.program.exporters import exporters_for
from ecoforum.program.models import AgendaItem
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import EditionFactory, OrganizationFactory, PersonFactory, ThemeForumFactory

BEIJING = dt.timedelta(hours=8)


@pytest.fixture(autouse=True)
def _fresh(settings):
    """Exports are cached; primary keys repeat between tests on SQLite, so every test starts empty."""
    cache.clear()
    yield
    cache.clear()


# --- helpers ----------------------------------------------------------------


def schedule(edition, code, room, *, day=0, hour=9, minutes=60, people=(), theme_forum=None, **extra):
    start = at(edition, day, hour)
    return services.create_session(
        edition,
        actor=None,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        room=room,
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        theme_forum=theme_forum,
        people=[Role(person, role) for person, role in people],
        **extra,
    )


def publish(edition, version="v1"):
    return services.release_program(edition, actor=None, version=version)


def export_url(name, edition, **kwargs):
    return reverse(f"program_exports:{name}", kwargs={"edition": edition.slug, **kwargs})


def xml_schema(shared: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(shared / "specs/formats/schedule.xml.xsd")))


def _is_datetime(value) -> bool:
    """RFC 3339 date-time: a date, "T", a time and an offset (jsonschema checks it only with extra packages)."""
    if not isinstance(value, str):
        return True
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return "T" in value.upper() and parsed.tzinfo is not None


def _is_uri(value) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.path))


def frab_json_errors(document: dict, shared: Path) -> list[tuple[str, str, str]]:
    """What ``schedule.schema.json`` finds wrong (path, rule, message), with ``date-time`` and ``uri`` checked too."""
    schema = json.loads((shared / "specs/formats/schedule.schema.json").read_text(encoding="utf-8"))
    checker = FormatChecker()
    checker.checks("date-time")(_is_datetime)
    checker.checks("uri")(_is_uri)
    validator = Draft6Validator(schema, format_checker=checker)
    return sorted(
        ("/".join(map(str, error.absolute_path)), error.validator, error.message)
        for error in validator.iter_errors(document)
    )


@pytest.fixture
def program(edition, room, other_room, theme_forum):
    """Two released sessions on the first day and one on the second, with people and a live stream."""
    chair = PersonFactory(
        name_zh_hans="李伟",
        name_en="Li Wei",
        organization=OrganizationFactory(name_zh_hans="生态环境部", name_en="Ministry of Ecology"),
    )
    speaker = PersonFactory(name_zh_hans="王芳", name_en="Wang Fang")
    opening = services.create_session(
        edition,
        actor=None,
        code="OPEN",
        kind="ceremony",
        title_zh_hans="开幕式",
        title_en="Opening ceremony",
        abstract_zh_hans="论坛开幕。",
        abstract_en="The forum opens.",
        room=room,
        start=at(edition, 0, 9),
        end=at(edition, 0, 10, 30),
        people=[Role(chair, "host")],
        is_online=True,
        online_url="https://live.example.org/open",
    )
    carbon = services.create_session(
        edition,
        actor=None,
        code="TF01-1",
        title_zh_hans="碳达峰碳中和",
        title_en="Carbon peak and neutrality",
        theme_forum=theme_forum,
        room=other_room,
        start=at(edition, 0, 14),
        end=at(edition, 0, 17, 30),
        people=[Role(chair, "moderator"), Role(speaker, "speaker")],
    )
    karst = schedule(edition, "TF02-1", room, day=1, hour=9)
    release = publish(edition)
    return {
        "release": release,
        "opening": opening,
        "carbon": carbon,
        "karst": karst,
        "chair": chair,
        "speaker": speaker,
    }


# --- frab XML ---------------------------------------------------------------


def test_schedule_xml_validates_against_the_xsd(client, edition, program, theme_forum, shared):
    response = client.get(export_url("schedule_xml", edition))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    schema = xml_schema(shared)
    assert schema.validate(document), schema.error_log
    assert document.findtext("version") == "v1"
    assert document.findtext("conference/acronym") == "efg2023"
    assert document.findtext("conference/time_zone_name") == "Asia/Shanghai"
    days = document.findall("day")
    assert [(d.get("index"), d.get("date"), d.get("start"), d.get("end")) for d in days] == [
        ("1", "2023-07-08", "2023-07-08T09:00:00+08:00", "2023-07-08T17:30:00+08:00"),
        ("2", "2023-07-09", "2023-07-09T09:00:00+08:00", "2023-07-09T10:00:00+08:00"),
    ]
    assert [r.get("name") for r in days[0].findall("room")] == ["主会场", "分会场一"]
    events = document.findall("day/room/event")
    assert [(e.get("id"), e.get("guid")) for e in events] == [
        (str(program[k].pk), str(program[k].guid)) for k in ("opening", "carbon", "karst")
    ]
    carbon = events[1]
    assert {child.tag: child.text for child in carbon if len(child) == 0} == {
        "room": "分会场一",
        "title": "碳达峰碳中和",
        "subtitle": theme_forum.title_zh_hans,
        "type": "forum",
        "date": "2023-07-08T14:00:00+08:00",
        "start": "14:00",
        "duration": "03:30",
        "abstract": None,
        "slug": f"efg2023-{program['carbon'].pk}-tf01-1",
        "track": "绿色低碳发展",
        "language": "zh-en",
        "links": None,
        "url": f"http://testserver/2023/sessions/{program['carbon'].pk}/",
    }
    assert [(p.get("id"), p.text) for p in carbon.findall("persons/person")] == [
        (str(program["chair"].pk), "李伟"),
        (str(program["speaker"].pk), "王芳"),
    ]
    assert [(link.get("href"), link.text) for link in events[0].findall("links/link")] == [
        ("https://live.example.org/open", "直播")
    ]


def test_schedule_xml_in_english_when_asked(client, edition, program, shared):
    response = client.get(export_url("schedule_xml", edition), {"lang": "en"})

    document = etree.fromstring(response.content)
    assert xml_schema(shared).validate(document)
    assert response["Content-Language"] == "en"
    assert [e.findtext("title") for e in document.findall("day/room/event")] == [
        "Opening ceremony",
        "Carbon peak and neutrality",
        "Session TF02-1",
    ]
    assert [r.get("name") for r in document.findall("day/room")] == ["Main Hall", "Hall 1", "Main Hall"]
    assert document.findtext("conference/title") == "Eco Forum Global Guiyang 2023"


# --- frab JSON --------------------------------------------------------------


def test_schedule_json_validates_against_the_schema(client, edition, program, shared):
    response = client.get(export_url("schedule_json", edition))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content.decode("utf-8"))
    assert frab_json_errors(document, shared) == []
    conference = document["schedule"]["conference"]
    assert (conference["acronym"], conference["daysCount"], conference["start"], conference["end"]) == (
        "efg2023",
        2,
        "2023-07-08",
        "2023-07-09",
    )
    assert [room["name"] for room in conference["rooms"]] == ["主会场", "分会场一"]
    first_day = conference["days"][0]
    assert list(first_day["rooms"]) == ["主会场", "分会场一"]
    carbon = first_day["rooms"]["分会场一"][0]
    assert (carbon["guid"], carbon["id"], carbon["date"], carbon["end"], carbon["duration"], carbon["title"]) == (
        str(program["carbon"].guid),
        program["carbon"].pk,
        "2023-07-08T14:00:00+08:00",
        "2023-07-08T17:30:00+08:00",
        "03:30",
        "碳达峰碳中和",
    )
    assert carbon["persons"] == [
        {
            "id": program["chair"].pk,
            "public_name": "李伟",
            "url": f"http://testserver/2023/speakers/{program['chair'].slug}/",
        },
        {
            "id": program["speaker"].pk,
            "public_name": "王芳",
            "url": f"http://testserver/2023/speakers/{program['speaker'].slug}/",
        },
    ]
    opening = first_day["rooms"]["主会场"][0]
    assert opening["links"] == [{"url": "https://live.example.org/open", "title": "直播", "type": "media"}]
    assert opening["track"] is None


def test_schedule_json_keeps_chinese_readable(client, edition, program):
    response = client.get(export_url("schedule_json", edition))

    assert "碳达峰碳中和".encode() in response.content
    assert b"\\u78b3" not in response.content


def test_real_pretalx_schedule_passes_the_same_schema_check(shared):
    document = json.loads((shared / "fixtures/schedules/democon.pretalx.schedule.json").read_text(encoding="utf-8"))

    assert frab_json_errors(document, shared) == []
    assert document["schedule"]["conference"]["acronym"] == "democon"


def test_schema_check_refuses_a_person_in_both_forms(client, edition, program, shared):
    document = json.loads(client.get(export_url("schedule_json", edition)).content)
    event = document["schedule"]["conference"]["days"][0]["rooms"]["分会场一"][0]
    event["persons"][0]["name"] = "李伟"
    event["date"] = "2023-07-08T14:00:00"  # no offset

    errors = frab_json_errors(document, shared)

    base = "schedule/conference/days/0/rooms/分会场一/0"
    assert [(path, rule) for path, rule, _message in errors] == [
        (f"{base}/date", "format"),
        (f"{base}/persons/0", "oneOf"),
    ]


# --- iCalendar --------------------------------------------------------------


def test_schedule_ics_round_trips_with_uids_and_local_times(client, edition, program, room):
    response = client.get(export_url("schedule_ics", edition))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="efg2023-schedule.ics"'
    calendar = icalendar.Calendar.from_ical(response.content.decode("utf-8"))
    assert str(calendar["prodid"]) == "-//ecoforum//ecoforum schedule//EN"
    assert str(calendar["version"]) == "2.0"
    events = calendar.walk("VEVENT")
    assert [
        (str(e["uid"]), e.decoded("dtstart"), e.decoded("dtstart").utcoffset(), e.decoded("dtend"), str(e["summary"]))
        for e in events
    ] == [
        (str(program["opening"].guid), at(edition, 0, 9), BEIJING, at(edition, 0, 10, 30), "开幕式"),
        (str(program["carbon"].guid), at(edition, 0, 14), BEIJING, at(edition, 0, 17, 30), "碳达峰碳中和"),
        (str(program["karst"].guid), at(edition, 1, 9), BEIJING, at(edition, 1, 10), "会议TF02-1"),
    ]
    opening = events[0]
    assert str(opening["location"]) == "主会场"
    assert str(opening["url"]) == f"http://testserver/2023/sessions/{program['opening'].pk}/"
    assert opening.decoded("dtstamp") == program["release"].published_at.replace(microsecond=0)
    assert str(opening["description"]) == (
        "论坛开幕。\n\n主持: 李伟 (生态环境部)\n\n直播: https://live.example.org/open\n\n"
        f"http://testserver/2023/sessions/{program['opening'].pk}/"
    )
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]


def test_schedule_ics_in_english_when_asked(client, edition, program):
    response = client.get(export_url("schedule_ics", edition), {"lang": "en"})

    calendar = icalendar.Calendar.from_ical(response.content.decode("utf-8"))
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == [
        "Opening ceremony",
        "Carbon peak and neutrality",
        "Session TF02-1",
    ]
    assert str(calendar.walk("VEVENT")[1]["location"]) == "Hall 1"


# --- releases ---------------------------------------------------------------


def test_exports_show_only_the_latest_release(client, edition, program, room, other_room):
    services.schedule_session(
        program["karst"], actor=None, room=other_room, start=at(edition, 1, 15), end=at(edition, 1, 16)
    )
    schedule(edition, "LATE", room, day=1, hour=16)

    def released():
        calendar = icalendar.Calendar.from_ical(client.get(export_url("schedule_ics", edition)).content.decode())
        return [(str(e["summary"]), e.decoded("dtstart"), str(e["location"])) for e in calendar.walk("VEVENT")]

    before = released()
    publish(edition, "v2")
    after = released()

    assert before == [
        ("开幕式", at(edition, 0, 9), "主会场"),
        ("碳达峰碳中和", at(edition, 0, 14), "分会场一"),
        ("会议TF02-1", at(edition, 1, 9), "主会场"),
    ]
    assert after == [
        ("开幕式", at(edition, 0, 9), "主会场"),
        ("碳达峰碳中和", at(edition, 0, 14), "分会场一"),
        ("会议TF02-1", at(edition, 1, 15), "分会场一"),
        ("会议LATE", at(edition, 1, 16), "主会场"),
    ]
    document = etree.fromstring(client.get(export_url("schedule_xml", edition)).content)
    assert document.findtext("version") == "v2"


def test_exports_without_a_release_are_valid_and_empty(client, edition, room, shared):
    schedule(edition, "DRAFT", room)  # in the draft only

    xml = etree.fromstring(client.get(export_url("schedule_xml", edition)).content)
    document = json.loads(client.get(export_url("schedule_json", edition)).content)
    calendar = icalendar.Calendar.from_ical(client.get(export_url("schedule_ics", edition)).content.decode())

    assert xml_schema(shared).validate(xml), xml_schema(shared).error_log
    assert [(d.get("date"), d.get("start"), d.get("end"), len(d)) for d in xml.findall("day")] == [
        ("2023-07-08", "2023-07-08T00:00:00+08:00", "2023-07-09T00:00:00+08:00", 0),
        ("2023-07-09", "2023-07-09T00:00:00+08:00", "2023-07-10T00:00:00+08:00", 0),
    ]
    assert frab_json_errors(document, shared) == []
    assert [day["rooms"] for day in document["schedule"]["conference"]["days"]] == [{}, {}]
    assert calendar.walk("VEVENT") == []


def test_exports_list_sections_as_tracks_with_their_colour(client, edition, room, section, shared):
    forum = ThemeForumFactory(edition=edition, section=section, title_zh_hans="碳市场", title_en="Carbon markets")
    schedule(edition, "TF09", room, theme_forum=forum)
    publish(edition)

    document = etree.fromstring(client.get(export_url("schedule_xml", edition)).content)

    assert [(t.get("name"), t.get("color"), t.get("slug")) for t in document.findall("conference/track")] == [
        ("绿色低碳发展", "#2f7d4f", section.slug)
    ]
    assert document.findtext("day/room/event/subtitle") == "碳市场"


# --- the personal agenda feed -----------------------------------------------


def test_agenda_feed_shows_exactly_the_starred_released_sessions(client, edition, program, room):
    agenda = services.open_agenda(edition)
    unreleased = schedule(edition, "NEW", room, day=1, hour=14)
    for session in (program["carbon"], program["karst"], unreleased):
        services.star_session(agenda, session)

    response = client.get(export_url("agenda_ics", edition, token=agenda.feed_token))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content.decode("utf-8"))
    assert [(str(e["uid"]), e.decoded("dtstart")) for e in calendar.walk("VEVENT")] == [
        (str(program["carbon"].guid), at(edition, 0, 14)),
        (str(program["karst"].guid), at(edition, 1, 9)),
    ]
    assert str(calendar["x-wr-calname"]) == "我的日程 · 2023年生态文明贵阳国际论坛"


def test_agenda_feed_with_an_unknown_token_is_not_found(client, edition, program):
    services.star_session(services.open_agenda(edition), program["carbon"])

    response = client.get(export_url("agenda_ics", edition, token="not-a-real-token"))

    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_agenda_feed_of_another_edition_is_not_found(client, edition, program):
    other = EditionFactory(year=2024)
    agenda = services.open_agenda(edition)
    services.star_session(agenda, program["carbon"])

    response = client.get(export_url("agenda_ics", other, token=agenda.feed_token))

    assert response.status_code == 404


# --- registry, caching, query counts ----------------------------------------


def test_exporters_for_lists_the_public_downloads(edition):
    with translation.override("en"):
        exports = [(e.identifier, str(e.verbose_name), e.url) for e in exporters_for(edition)]

    assert exports == [
        ("schedule.ics", "Calendar (iCal)", "/2023/schedule.ics"),
        ("schedule.xml", "Schedule (frab XML)", "/2023/schedule.xml"),
        ("schedule.json", "Schedule (frab JSON)", "/2023/schedule.json"),
    ]


def test_public_exports_are_cached_until_the_next_release(client, edition, program, django_assert_num_queries):
    first = client.get(export_url("schedule_json", edition))

    with django_assert_num_queries(2):  # the edition and the latest release; the document comes from the cache
        second = client.get(export_url("schedule_json", edition))

    assert second.content == first.content
    assert second["Cache-Control"] == "public, max-age=300"
    assert second["Vary"] == "Accept-Language, Cookie"


def _make_sessions(edition, rooms, count, *, start_day=0):
    for i in range(count):
        person = PersonFactory()
        forum = ThemeForumFactory(edition=edition)
        schedule(
            edition,
            f"Q{start_day}{i}",
            rooms[i % len(rooms)],
            day=start_day,
            hour=9 + i,
            people=[(person, "speaker")],
            theme_forum=forum,
        )


@pytest.mark.parametrize(
    ("name", "marker"),
    [("schedule_xml", b"<event "), ("schedule_json", b'"duration": '), ("schedule_ics", b"BEGIN:VEVENT")],
)
def test_export_queries_do_not_grow_with_sessions(client, edition, room, other_room, name, marker):
    _make_sessions(edition, [room, other_room], 1)
    publish(edition, "v1")
    with CaptureQueriesContext(connection) as one:
        assert client.get(export_url(name, edition)).status_code == 200
    _make_sessions(edition, [room, other_room], 2, start_day=1)
    publish(edition, "v2")
    with CaptureQueriesContext(connection) as three:
        response = client.get(export_url(name, edition))

    assert response.content.count(marker) == 3
    assert len(one) == len(three) == 4  # edition, latest release, slots, people


def test_agenda_feed_queries_do_not_grow_with_sessions(client, edition, room, other_room):
    agenda = services.open_agenda(edition)
    _make_sessions(edition, [room, other_room], 1)
    publish(edition, "v1")
    for item in edition.sessions.all():
        services.star_session(agenda, item)
    with CaptureQueriesContext(connection) as one:
        client.get(export_url("agenda_ics", edition, token=agenda.feed_token))
    _make_sessions(edition, [room, other_room], 2, start_day=1)
    publish(edition, "v2")
    for item in edition.sessions.all():
        services.star_session(agenda, item)
    with CaptureQueriesContext(connection) as three:
        response = client.get(export_url("agenda_ics", edition, token=agenda.feed_token))

    assert response.content.count(b"BEGIN:VEVENT") == 3
    assert AgendaItem.objects.filter(agenda=agenda).count() == 3
    assert len(one) == len(three) == 5  # edition, agenda, latest release, slots, people
