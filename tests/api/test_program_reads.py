"""Public reads of the published program: exact JSON, only the released program, constant query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoforum.program import services
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import EditionFactory, OrganizationFactory, PersonFactory, RoomFactory, ThemeForumFactory
from .conftest import make

BASE = "/api/editions/2023/program"


def opening_json(released, room, li_wei) -> dict:
    session = released["opening"]
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "code": "A1",
        "kind": "ceremony",
        "language": "zh-en",
        "title": {"zh-hans": "会议A1", "en": "Session A1"},
        "abstract": {"zh-hans": "", "en": ""},
        "is_online": False,
        "online_url": "",
        "start": "2023-07-08T09:00:00+08:00",
        "end": "2023-07-08T10:00:00+08:00",
        "room": {
            "id": room.pk,
            "name": {"zh-hans": "主会场", "en": "Main Hall"},
            "venue": {"zh-hans": "贵阳国际生态会议中心", "en": "Guiyang International Eco-Conference Center"},
            "capacity": 1200,
        },
        "theme_forum": None,
        "people": [
            {
                "person": {
                    "id": li_wei.pk,
                    "slug": "li-wei",
                    "name": {"zh-hans": "李伟", "en": "Li Wei"},
                    "organization": {"zh-hans": "中国科学院", "en": "Chinese Academy of Sciences"},
                },
                "role": "keynote",
                "talk_title": {"zh-hans": "生态文明", "en": "Eco-civilization"},
            }
        ],
    }


def forum_json(released, other_room, carbon) -> dict:
    session = released["forum"]
    return {
        "id": session.pk,
        "guid": str(session.guid),
        "code": "TF1-1",
        "kind": "forum",
        "language": "zh-en",
        "title": {"zh-hans": "会议TF1-1", "en": "Session TF1-1"},
        "abstract": {"zh-hans": "", "en": ""},
        "is_online": False,
        "online_url": "",
        "start": "2023-07-09T14:00:00+08:00",
        "end": "2023-07-09T16:00:00+08:00",
        "room": {
            "id": other_room.pk,
            "name": {"zh-hans": "分会场一", "en": "Hall 1"},
            "venue": {"zh-hans": "贵阳国际生态会议中心", "en": "Guiyang International Eco-Conference Center"},
            "capacity": 300,
        },
        "theme_forum": {
            "id": carbon.pk,
            "slug": "carbon",
            "title": {"zh-hans": "碳市场", "en": "Carbon markets"},
            "section": {
                "id": carbon.section.pk,
                "slug": "green",
                "name": {"zh-hans": "绿色低碳发展", "en": "Green and low-carbon development"},
            },
        },
        "people": [],
    }


# --- editions ---------------------------------------------------------------


def test_editions_lists_published_editions_only(anon, edition):
    EditionFactory(year=2024, is_public=False)
    response = anon.get("/api/editions/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "2023",
            "year": 2023,
            "name": {"zh-hans": "2023年生态文明贵阳国际论坛", "en": "Eco Forum Global Guiyang 2023"},
            "theme": {
                "zh-hans": "共谋人与自然和谐共生现代化",
                "en": "Modernization of harmony between humanity and nature",
            },
            "city": {"zh-hans": "贵阳", "en": "Guiyang"},
            "forum": {"slug": "efg", "name": {"zh-hans": "生态文明贵阳国际论坛", "en": "Eco Forum Global Guiyang"}},
            "start_date": "2023-07-08",
            "end_date": "2023-07-09",
            "time_zone": "Asia/Shanghai",
            "is_hybrid": True,
        }
    ]


def test_unpublished_edition_is_not_found(anon, db):
    EditionFactory(year=2024, slug="2024", is_public=False)
    response = anon.get("/api/editions/2024/program/sessions")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


# --- sessions ---------------------------------------------------------------


def test_sessions_lists_the_released_program_exactly(anon, released, room, other_room, carbon, li_wei):
    response = anon.get(f"{BASE}/sessions")
    assert response.status_code == 200
    assert response.json() == {
        "count": 2,
        "page": 1,
        "pages": 1,
        "items": [opening_json(released, room, li_wei), forum_json(released, other_room, carbon)],
    }


def test_sessions_show_only_the_released_program(anon, released, edition, room, organizer):
    make(edition, "B1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))  # draft only
    services.schedule_session(
        released["opening"], actor=organizer, room=room, start=at(edition, 0, 13), end=at(edition, 0, 14)
    )  # moved in the draft only
    items = anon.get(f"{BASE}/sessions").json()["items"]
    assert [(s["code"], s["start"]) for s in items] == [
        ("A1", "2023-07-08T09:00:00+08:00"),
        ("TF1-1", "2023-07-09T14:00:00+08:00"),
    ]


def test_sessions_are_empty_before_the_first_release(anon, edition, room):
    make(edition, "A1", room=room, start=at(edition, 0, 9), end=at(edition, 0, 10))
    assert anon.get(f"{BASE}/sessions").json() == {"count": 0, "page": 1, "pages": 1, "items": []}


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("day=2023-07-08", ["A1"]),
        ("day=2023-07-09", ["TF1-1"]),
        ("section=green", ["TF1-1"]),
        ("theme_forum=carbon", ["TF1-1"]),
        ("kind=ceremony", ["A1"]),
        ("kind=panel", []),
    ],
)
def test_sessions_filter(anon, released, query, codes):
    response = anon.get(f"{BASE}/sessions?{query}")
    assert [s["code"] for s in response.json()["items"]] == codes


def test_sessions_filter_by_room(anon, released, other_room):
    response = anon.get(f"{BASE}/sessions?room={other_room.pk}")
    assert [s["code"] for s in response.json()["items"]] == ["TF1-1"]


def test_sessions_filter_naming_an_unknown_section_is_refused(anon, released):
    response = anon.get(f"{BASE}/sessions?section=nope")
    assert (response.status_code, response.json()) == (422, {"detail": "This edition has no section nope."})


def test_sessions_filter_with_an_unknown_kind_is_refused(anon, released):
    response = anon.get(f"{BASE}/sessions?kind=party")
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The request is not valid."
    assert [(e["loc"], e["type"]) for e in body["errors"]] == [(["query", "kind"], "enum")]


def test_sessions_are_paginated(anon, released):
    response = anon.get(f"{BASE}/sessions?page=2&page_size=1")
    body = response.json()
    assert (body["count"], body["page"], body["pages"], [s["code"] for s in body["items"]]) == (2, 2, 2, ["TF1-1"])
    assert anon.get(f"{BASE}/sessions?page=3&page_size=1").json()["items"] == []


def test_session_detail_is_exact(anon, released, room, li_wei):
    response = anon.get(f"{BASE}/sessions/{released['opening'].pk}")
    assert (response.status_code, response.json()) == (200, opening_json(released, room, li_wei))


def test_session_detail_of_an_unreleased_session_is_not_found(anon, released, edition, room):
    draft_only = make(edition, "B1", room=room, start=at(edition, 0, 11), end=at(edition, 0, 12))
    response = anon.get(f"{BASE}/sessions/{draft_only.pk}")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_session_detail_of_another_edition_is_not_found(anon, released, db):
    other = EditionFactory(year=2024, slug="2024")
    response = anon.get(f"/api/editions/{other.slug}/program/sessions/{released['opening'].pk}")
    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


# --- sections, rooms, releases ---------------------------------------------


def test_sections_list_their_theme_forums(anon, released, carbon):
    org = OrganizationFactory(name_zh_hans="生态环境部", name_en="Ministry of Ecology and Environment")
    carbon.co_organizers.add(org)
    response = anon.get(f"{BASE}/sections")
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": carbon.section.pk,
            "slug": "green",
            "name": {"zh-hans": "绿色低碳发展", "en": "Green and low-carbon development"},
            "description": {"zh-hans": "", "en": ""},
            "colour": "#2f7d4f",
            "theme_forums": [
                {
                    "id": carbon.pk,
                    "slug": "carbon",
                    "title": {"zh-hans": "碳市场", "en": "Carbon markets"},
                    "description": {"zh-hans": "", "en": ""},
                    "co_organizers": [
                        {"id": org.pk, "name": {"zh-hans": "生态环境部", "en": "Ministry of Ecology and Environment"}}
                    ],
                }
            ],
        }
    ]


def test_rooms_are_listed_in_order(anon, room, other_room):
    response = anon.get(f"{BASE}/rooms")
    venue = {"zh-hans": "贵阳国际生态会议中心", "en": "Guiyang International Eco-Conference Center"}
    assert response.json() == [
        {"id": room.pk, "name": {"zh-hans": "主会场", "en": "Main Hall"}, "venue": venue, "capacity": 1200},
        {"id": other_room.pk, "name": {"zh-hans": "分会场一", "en": "Hall 1"}, "venue": venue, "capacity": 300},
    ]


def test_releases_list_what_each_changed(anon, released, edition, room, other_room, organizer):
    opening, forum = released["opening"], released["forum"]
    services.schedule_session(
        opening, actor=organizer, room=other_room, start=at(edition, 0, 9, 30), end=at(edition, 0, 10, 30)
    )
    services.withdraw_session(forum, actor=organizer)
    v2 = services.release_program(edition, actor=organizer, version="v2", comment_zh_hans="开幕式推迟半小时")
    title_a1 = {"zh-hans": "会议A1", "en": "Session A1"}
    title_tf = {"zh-hans": "会议TF1-1", "en": "Session TF1-1"}
    hall_1 = {"zh-hans": "分会场一", "en": "Hall 1"}
    response = anon.get(f"{BASE}/releases")
    assert response.status_code == 200
    assert response.json() == [
        {
            "version": "v2",
            "published_at": v2.published_at.astimezone(edition.tz).isoformat(timespec="milliseconds"),
            "comment": {"zh-hans": "开幕式推迟半小时", "en": ""},
            "changes": {
                "new": [],
                "moved": [
                    {
                        "session": opening.pk,
                        "code": "A1",
                        "title": title_a1,
                        "room": hall_1,
                        "start": "2023-07-08T09:30:00+08:00",
                        "end": "2023-07-08T10:30:00+08:00",
                        "old_room": {"zh-hans": "主会场", "en": "Main Hall"},
                        "old_start": "2023-07-08T09:00:00+08:00",
                        "old_end": "2023-07-08T10:00:00+08:00",
                    }
                ],
                "cancelled": [
                    {
                        "session": forum.pk,
                        "code": "TF1-1",
                        "title": title_tf,
                        "room": hall_1,
                        "start": "2023-07-09T14:00:00+08:00",
                        "end": "2023-07-09T16:00:00+08:00",
                        "old_room": None,
                        "old_start": None,
                        "old_end": None,
                    }
                ],
            },
        },
        {
            "version": "v1",
            "published_at": released["release"].published_at.astimezone(edition.tz).isoformat(timespec="milliseconds"),
            "comment": {"zh-hans": "", "en": "First program"},
            "changes": {
                "new": [
                    {
                        "session": opening.pk,
                        "code": "A1",
                        "title": title_a1,
                        "room": {"zh-hans": "主会场", "en": "Main Hall"},
                        "start": "2023-07-08T09:00:00+08:00",
                        "end": "2023-07-08T10:00:00+08:00",
                        "old_room": None,
                        "old_start": None,
                        "old_end": None,
                    },
                    {
                        "session": forum.pk,
                        "code": "TF1-1",
                        "title": title_tf,
                        "room": hall_1,
                        "start": "2023-07-09T14:00:00+08:00",
                        "end": "2023-07-09T16:00:00+08:00",
                        "old_room": None,
                        "old_start": None,
                        "old_end": None,
                    },
                ],
                "moved": [],
                "cancelled": [],
            },
        },
    ]


# --- query counts -----------------------------------------------------------


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _grow_program(edition, venue, section, *, start: int, stop: int) -> None:
    """Sessions ``start`` … ``stop - 1``, each in its own room and theme forum with its own speaker, released."""
    for i in range(start, stop):
        room = RoomFactory(venue=venue)
        forum = ThemeForumFactory(edition=edition, section=section)
        forum.co_organizers.add(OrganizationFactory())
        make(
            edition,
            f"Q{i}",
            room=room,
            start=at(edition, 0, 8 + i),
            end=at(edition, 0, 9 + i),
            theme_forum=forum,
            people=[Role(PersonFactory(), "speaker"), Role(PersonFactory(), "moderator")],
        )
        services.release_program(edition, actor=None, version=f"v{i}")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("sessions", 5),
        ("sessions?section=green&day=2023-07-08", 6),
        ("sections", 4),
        ("rooms", 2),
        ("releases", 2),
    ],
)
def test_list_query_counts_do_not_grow_with_the_data(anon, edition, venue, carbon, path, expected):
    _grow_program(edition, venue, carbon.section, start=0, stop=1)
    one = _queries(anon, f"{BASE}/{path}")
    _grow_program(edition, venue, carbon.section, start=1, stop=3)
    three = _queries(anon, f"{BASE}/{path}")
    assert (one, three) == (expected, expected)
