"""The public pages of an edition: what they show, htmx fragments, the agenda star, query counts."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from ecoforum.forums.models import HeadlineFigure
from ecoforum.program import page_cache, services
from ecoforum.program.models import AgendaItem, PersonalAgenda
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import (
    EditionFactory,
    ExpertProfileFactory,
    OrganizationFactory,
    PersonFactory,
    RoomFactory,
    SectionFactory,
    ThemeForumFactory,
    UserFactory,
    VenueFactory,
)


def schedule(edition, code, room, *, day=0, hour=9, people=(), theme_forum=None, kind="forum", **extra):
    return services.create_session(
        edition,
        actor=None,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        kind=kind,
        room=room,
        start=at(edition, day, hour),
        end=at(edition, day, hour + 1),
        theme_forum=theme_forum,
        people=[Role(p, role) for p, role in people],
        **extra,
    )


def publish(edition, version="1.0"):
    return services.release_program(edition, actor=None, version=version)


@pytest.fixture
def en_client(client):
    """A visitor reading in English: UI strings are asserted in their English source."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def url(name, edition, **kwargs):
    return reverse(f"program:{name}", kwargs={"edition": edition.slug, **kwargs})


def count_queries(client, path, **headers) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def titles(response) -> list[str]:
    """The session titles a page lists, in order."""
    return re.findall(r'<h3 class="slot-title"><a href="[^"]+">([^<]+)</a></h3>', response.content.decode())


@pytest.fixture
def program(edition, room, other_room, theme_forum):
    """Three sessions on day one, one on day two, with speakers; published as 1.0."""
    speaker = PersonFactory(slug="li-wei", name_zh_hans="李伟", name_en="Li Wei")
    moderator = PersonFactory(slug="chen-jing", name_zh_hans="陈静", name_en="Chen Jing")
    sessions = {
        "OPEN": schedule(edition, "OPEN", room, hour=9, kind="ceremony", people=[(speaker, "keynote")]),
        "TF1": schedule(
            edition,
            "TF1",
            room,
            hour=14,
            theme_forum=theme_forum,
            people=[(moderator, "moderator"), (speaker, "speaker")],
        ),
        "TF2": schedule(
            edition,
            "TF2",
            other_room,
            hour=14,
            theme_forum=theme_forum,
            kind="panel",
            is_online=True,
            online_url="https://live.example.org/tf2",
        ),
        "D2": schedule(edition, "D2", room, day=1, hour=10, kind="dialogue"),
    }
    publish(edition)
    return sessions


# --- home ---------------------------------------------------------------------


def test_home_shows_edition_and_figures(client, edition, program, section, theme_forum):
    HeadlineFigure.objects.create(edition=edition, value="2500+", label_zh_hans="参会嘉宾", label_en="guests")
    ExpertProfileFactory(academy="cae")
    ExpertProfileFactory(academy="")
    response = client.get(url("home", edition))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="hero-title">2023年生态文明贵阳国际论坛</h1>' in body
    assert "共谋人与自然和谐共生现代化" in body
    assert '<span class="figure-value">2500+</span><span class="figure-label">参会嘉宾</span>' in body
    with translation.override("en"):
        figures = [(f["value"], str(f["label"])) for f in response.context["figures"]]
    assert figures == [
        (1, "sections"),
        (1, "theme forums"),
        (4, "sessions"),
        (2, "experts"),
        (1, "academicians"),
    ]
    assert [f.value for f in response.context["headline_figures"]] == ["2500+"]
    assert [s.name for s in response.context["sections"]] == ["绿色低碳发展"]
    assert theme_forum.title_zh_hans in body


def test_home_figures_are_shown_in_the_readers_language(client, edition, program):
    HeadlineFigure.objects.create(
        edition=edition, value_zh_hans="1,300亿元", value_en="¥130 bn", label_zh_hans="拟引资规模", label_en="sought"
    )
    zh = client.get(url("home", edition)).content.decode()
    en = client.get(url("home", edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="figure-value">1,300亿元</span><span class="figure-label">拟引资规模</span>' in zh
    assert '<span class="figure-value">¥130 bn</span><span class="figure-label">sought</span>' in en


def test_home_of_a_past_edition_shows_highlights(client, edition, program):
    response = client.get(url("home", edition))
    assert response.context["is_over"] is True
    assert [s.session.code for s in response.context["highlights"]] == ["OPEN"]
    assert response.context["on_now"] == response.context["on_next"] == []


def test_home_shows_what_is_on_now_and_next(client, db):
    now = timezone.now()
    today = timezone.localdate(now, ZoneInfo("Asia/Shanghai"))
    edition = EditionFactory(year=2099, start_date=today - dt.timedelta(days=1), end_date=today + dt.timedelta(days=1))
    room = RoomFactory(venue=VenueFactory(edition=edition))
    minute = dt.timedelta(minutes=1)
    services.create_session(
        edition,
        actor=None,
        code="NOW",
        title_zh_hans="正在进行",
        room=room,
        start=now - 30 * minute,
        end=now + 30 * minute,
    )
    services.create_session(
        edition,
        actor=None,
        code="NEXT",
        title_zh_hans="即将开始",
        room=room,
        start=now + 40 * minute,
        end=now + 90 * minute,
    )
    services.create_session(
        edition,
        actor=None,
        code="DONE",
        title_zh_hans="已结束",
        room=room,
        start=now - 90 * minute,
        end=now - 40 * minute,
    )
    publish(edition)
    response = client.get(url("home", edition))
    assert [s.session.code for s in response.context["on_now"]] == ["NOW"]
    assert [s.session.code for s in response.context["on_next"]] == ["NEXT"]
    assert response.context["highlights"] == []


def test_home_before_the_program_is_published(en_client, edition):
    response = en_client.get(url("home", edition))
    assert response.status_code == 200
    assert "The program has not been published yet." in response.content.decode()


def test_home_in_english(client, edition, program):
    response = client.get(url("home", edition), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert '<html lang="en">' in body
    assert '<h1 class="hero-title">Eco Forum Global Guiyang 2023</h1>' in body


def test_home_query_count_does_not_grow(client, edition, room):
    schedule(edition, "A", room, hour=9, kind="ceremony")
    section = SectionFactory(edition=edition)
    ThemeForumFactory(edition=edition, section=section)
    publish(edition, "1")
    few = count_queries(client, url("home", edition))
    for n in range(2):
        other = SectionFactory(edition=edition)
        forum = ThemeForumFactory(edition=edition, section=other)
        forum.co_organizers.add(OrganizationFactory())
        schedule(
            edition,
            f"K{n}",
            room,
            hour=10 + n,
            kind="keynote",
            theme_forum=forum,
            people=[(PersonFactory(), "speaker")],
        )
    publish(edition, "2")
    assert count_queries(client, url("home", edition)) == few


# --- the program --------------------------------------------------------------


def test_program_shows_first_day_by_default(client, edition, program):
    response = client.get(url("program", edition))
    assert response.status_code == 200
    assert titles(response) == ["会议OPEN", "会议TF1", "会议TF2"]
    assert response.context["selected"]["day"] == "2023-07-08"


def test_program_groups_sessions_by_local_start_time(client, edition, program):
    response = client.get(url("program", edition))
    (day,) = response.context["groups"]
    assert [(t["start"].strftime("%H:%M"), [s.session.code for s in t["slots"]]) for t in day["times"]] == [
        ("09:00", ["OPEN"]),
        ("14:00", ["TF1", "TF2"]),
    ]
    assert '<time datetime="2023-07-08T14:00:00+08:00">14:00</time>' in response.content.decode()


def test_program_of_all_days(client, edition, program):
    response = client.get(url("program", edition), {"day": "all"})
    assert titles(response) == ["会议OPEN", "会议TF1", "会议TF2", "会议D2"]
    assert [g["day"].isoformat() for g in response.context["groups"]] == ["2023-07-08", "2023-07-09"]


def test_program_of_the_second_day(client, edition, program):
    response = client.get(url("program", edition), {"day": "2023-07-09"})
    assert titles(response) == ["会议D2"]


def test_program_unknown_day_falls_back_to_the_first(client, edition, program):
    response = client.get(url("program", edition), {"day": "2031-01-01"})
    assert titles(response) == ["会议OPEN", "会议TF1", "会议TF2"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "panel"}, ["会议TF2"]),
        ({"q": "李伟"}, ["会议OPEN", "会议TF1"]),
        ({"q": "Session TF"}, ["会议TF1", "会议TF2"]),
        ({"kind": "nonsense"}, ["会议OPEN", "会议TF1", "会议TF2", "会议D2"]),
    ],
)
def test_program_filters(client, edition, program, params, expected):
    response = client.get(url("program", edition), {"day": "all", **params})
    assert titles(response) == expected


def test_program_filters_by_section_and_room(client, edition, program, section, other_room):
    by_section = client.get(url("program", edition), {"day": "all", "section": section.slug})
    by_room = client.get(url("program", edition), {"day": "all", "room": other_room.pk})
    assert titles(by_section) == ["会议TF1", "会议TF2"]
    assert titles(by_room) == ["会议TF2"]


def test_program_shows_room_kind_forum_and_speakers(client, edition, program, theme_forum):
    body = client.get(url("program", edition)).content.decode()
    english = client.get(url("program", edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<span class="badge kind-badge kind-panel">Panel discussion</span>' in english
    assert "分会场一" in body
    assert f'<a href="/2023/forums/{theme_forum.slug}/">{theme_forum.title_zh_hans}</a>' in body
    assert '<a href="/2023/speakers/li-wei/">李伟</a>' in body


def test_program_htmx_request_gets_only_the_list(client, edition, program):
    response = client.get(url("program", edition), {"kind": "panel"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="program-list"')
    assert "<html" not in body
    assert titles(response) == ["会议TF2"]
    assert set(response["Vary"].split(", ")) == {"Accept-Language", "Cookie", "HX-Request"}


def test_program_htmx_history_restore_gets_the_whole_page(client, edition, program):
    response = client.get(url("program", edition), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert response.content.decode().startswith("<!doctype html>")


def test_program_filter_form_pushes_its_url(client, edition, program):
    body = client.get(url("program", edition)).content.decode()
    assert 'hx-get="/2023/program/" hx-target="#program-list" hx-swap="outerHTML"' in body
    assert 'hx-push-url="true"' in body


def test_program_links_to_changes_and_exports(client, edition, program):
    response = client.get(url("program", edition))
    assert [e["url"] for e in response.context["exports"]] == [
        "/2023/schedule.ics",
        "/2023/schedule.xml",
        "/2023/schedule.json",
    ]
    assert '<a href="/2023/program/changes/">' in response.content.decode()


def test_program_before_any_release(en_client, edition, room):
    schedule(edition, "A", room)
    response = en_client.get(url("program", edition))
    assert titles(response) == []
    assert "The program has not been published yet." in response.content.decode()


def test_program_shows_only_the_latest_release(client, edition, program, other_room):
    services.schedule_session(
        program["OPEN"], actor=None, room=other_room, start=at(edition, 0, 11), end=at(edition, 0, 12)
    )
    assert titles(client.get(url("program", edition))) == ["会议OPEN", "会议TF1", "会议TF2"]
    publish(edition, "1.1")
    response = client.get(url("program", edition))
    assert [
        (t["start"].hour, [s.session.code for s in t["slots"]]) for t in response.context["groups"][0]["times"]
    ] == [(11, ["OPEN"]), (14, ["TF1", "TF2"])]


def test_program_in_english(client, edition, program):
    response = client.get(url("program", edition), HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == ["Session OPEN", "Session TF1", "Session TF2"]


def test_program_query_count_does_not_grow(client, edition, room, other_room, theme_forum):
    schedule(edition, "A0", room, hour=8, theme_forum=theme_forum, people=[(PersonFactory(), "speaker")])
    publish(edition, "1")
    path = url("program", edition) + "?day=all"
    few = count_queries(client, path)
    for n in range(2):
        forum = ThemeForumFactory(edition=edition)
        schedule(
            edition,
            f"B{n}",
            other_room,
            hour=10 + n,
            theme_forum=forum,
            people=[(PersonFactory(), "moderator"), (PersonFactory(), "speaker")],
        )
    publish(edition, "2")
    assert len(titles(client.get(path))) == 3
    page_cache.invalidate()  # the list rendered anew; a cached read is counted in test_program_cache.py
    assert count_queries(client, path) == few
    assert count_queries(client, path, HTTP_HX_REQUEST="true") <= few


# --- changes --------------------------------------------------------------------


def test_changes_list_new_moved_and_cancelled(client, edition, program, other_room):
    services.schedule_session(
        program["OPEN"], actor=None, room=other_room, start=at(edition, 0, 11), end=at(edition, 0, 12)
    )
    services.withdraw_session(program["D2"], actor=None)
    services.release_program(
        edition, actor=None, version="1.1", comment_zh_hans="开幕式改期", comment_en="Opening moved"
    )
    response = client.get(url("changes", edition))
    body = response.content.decode()
    assert [r.version for r in response.context["releases"]] == ["1.1", "1.0"]
    assert "开幕式改期" in body
    assert re.findall(r"<li class=\"count-(\w+)\">\D*(\d+)", body) == [
        ("new", "0"),
        ("moved", "1"),
        ("cancelled", "1"),
        ("new", "4"),
        ("moved", "0"),
        ("cancelled", "0"),
    ]
    assert "<del>7月8日 09:00 · 主会场</del>" in body  # the edition's local time
    assert "<ins>7月8日 11:00 · 分会场一</ins>" in body
    assert "<s>会议D2</s>" in body


def test_changes_in_english(client, edition, program):
    body = client.get(url("changes", edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Session TF1</a>" in body
    assert "July 8 14:00 · Main Hall" in body


def test_changes_query_count_does_not_grow(client, edition, program, room):
    few = count_queries(client, url("changes", edition))
    for n in range(2):
        schedule(edition, f"N{n}", room, day=1, hour=14 + n)
        publish(edition, f"2.{n}")
    assert len(client.get(url("changes", edition)).context["releases"]) == 3
    assert count_queries(client, url("changes", edition)) == few


def test_changes_before_any_release(client, edition):
    response = client.get(url("changes", edition))
    assert response.context["releases"] == []


# --- theme forum, session ----------------------------------------------------------


def test_theme_forum_page(client, edition, program, theme_forum, section):
    theme_forum.co_organizers.add(OrganizationFactory(name_zh_hans="联合国环境规划署"))
    response = client.get(url("theme_forum", edition, slug=theme_forum.slug))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{theme_forum.title_zh_hans}</h1>" in body
    assert "联合国环境规划署" in body
    assert titles(response) == ["会议TF1", "会议TF2"]
    assert response.context["slot_count"] == 2


def test_theme_forum_query_count_does_not_grow(client, edition, room, other_room, theme_forum):
    schedule(edition, "A", room, hour=8, theme_forum=theme_forum, people=[(PersonFactory(), "speaker")])
    publish(edition, "1")
    path = url("theme_forum", edition, slug=theme_forum.slug)
    few = count_queries(client, path)
    theme_forum.co_organizers.add(OrganizationFactory(), OrganizationFactory())
    for n in range(2):
        schedule(
            edition,
            f"B{n}",
            other_room,
            day=n,
            hour=10,
            theme_forum=theme_forum,
            people=[(PersonFactory(), "moderator"), (PersonFactory(), "speaker")],
        )
    publish(edition, "2")
    assert client.get(path).context["slot_count"] == 3
    assert count_queries(client, path) == few


def test_theme_forum_unknown_slug_is_404(client, edition):
    assert client.get(url("theme_forum", edition, slug="nope")).status_code == 404


def test_theme_forum_of_another_edition_is_404(client, edition):
    other = ThemeForumFactory(edition=EditionFactory(year=2024))
    assert client.get(url("theme_forum", edition, slug=other.slug)).status_code == 404


def test_session_page_shows_time_room_people_and_stream(client, edition, program):
    session = program["TF2"]
    services.set_session_people(
        session,
        actor=None,
        people=[
            Role(PersonFactory(slug="wang", name_zh_hans="王芳"), "moderator"),
            Role(PersonFactory(slug="zhao", name_zh_hans="赵强"), "panelist", talk_title_zh_hans="碳市场的未来"),
        ],
    )
    response = client.get(url("session", edition, pk=session.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>会议TF2</h1>" in body
    assert '<strong class="facts-time">14:00 – 15:00</strong>' in body
    assert "分会场一" in body
    assert [r.person.name for r in response.context["leads"]] == ["王芳"]
    assert [(r.person.name, r.talk_title) for r in response.context["speakers"]] == [("赵强", "碳市场的未来")]
    assert 'href="https://live.example.org/tf2"' in body


def test_session_page_hides_stream_of_onsite_session(en_client, edition, program):
    body = en_client.get(url("session", edition, pk=program["TF1"].pk)).content.decode()
    assert "Watch the live stream" not in body


def test_unreleased_session_is_404(client, edition, program, room):
    draft_only = schedule(edition, "NEW", room, hour=17)
    assert client.get(url("session", edition, pk=draft_only.pk)).status_code == 404


# --- speakers and experts ------------------------------------------------------------


def test_speakers_lists_people_of_released_sessions(client, edition, program):
    PersonFactory(slug="nobody")
    response = client.get(url("speakers", edition))
    assert [p.slug for p in response.context["people"]] == ["li-wei", "chen-jing"]  # 李 < 陈 by code point


def test_speakers_query_count_does_not_grow(client, edition, room):
    schedule(edition, "A", room, hour=8, people=[(PersonFactory(), "speaker")])
    publish(edition, "1")
    few = count_queries(client, url("speakers", edition))
    expert = ExpertProfileFactory().person
    schedule(edition, "B", room, hour=10, people=[(expert, "speaker"), (PersonFactory(), "host")])
    publish(edition, "2")
    assert len(client.get(url("speakers", edition)).context["people"]) == 3
    assert count_queries(client, url("speakers", edition)) == few


def test_speaker_page_shows_profile_and_sessions(client, edition, program):
    speaker = program["OPEN"].roles.get().person
    profile = ExpertProfileFactory(person=speaker, academy="cas", title_zh_hans="中国科学院院士")
    profile.fields.create(name_zh_hans="气候变化", name_en="Climate change")
    response = client.get(url("speaker", edition, slug="li-wei"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>李伟</h1>" in body
    assert "中国科学院院士" in body
    assert '<li class="tag">气候变化</li>' in body
    assert titles(response) == ["会议OPEN", "会议TF1"]
    english = client.get(url("speaker", edition, slug="li-wei"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.findall(r'<p class="slot-role">([^<]+)</p>', english) == ["Keynote speaker", "Speaker"]


def test_expert_without_sessions_has_a_page(client, edition):
    ExpertProfileFactory(person=PersonFactory(slug="expert", name_zh_hans="孙院士"))
    response = client.get(url("speaker", edition, slug="expert"))
    assert response.status_code == 200
    assert titles(response) == []


def test_person_without_sessions_or_profile_is_404(client, edition):
    PersonFactory(slug="private")
    assert client.get(url("speaker", edition, slug="private")).status_code == 404
    assert client.get(url("speaker", edition, slug="missing")).status_code == 404


def test_experts_grouped_by_academy(client, edition):
    ExpertProfileFactory(person=PersonFactory(name_zh_hans="甲"), academy="")
    ExpertProfileFactory(person=PersonFactory(name_zh_hans="乙"), academy="cae")
    ExpertProfileFactory(person=PersonFactory(name_zh_hans="丙"), academy="cas")
    response = client.get(url("experts", edition))
    assert [(g["academy"], [p.person.name for p in g["experts"]]) for g in response.context["groups"]] == [
        ("cas", ["丙"]),
        ("cae", ["乙"]),
        ("none", ["甲"]),
    ]
    assert response.context["count"] == 3


def test_experts_academicians_only(client, edition):
    ExpertProfileFactory(academy="")
    ExpertProfileFactory(academy="foreign")
    academician = ExpertProfileFactory(academy="cae")
    response = client.get(url("experts", edition), {"academicians": "1"})
    assert [p for g in response.context["groups"] for p in g["experts"]] == [academician]
    assert f'href="/2023/speakers/{academician.person.slug}/"' in response.content.decode()


def test_experts_query_count_does_not_grow(client, edition):
    profile = ExpertProfileFactory()
    profile.fields.create(name_zh_hans="生态", name_en="Ecology")
    few = count_queries(client, url("experts", edition))
    for academy in ("cas", "foreign"):
        p = ExpertProfileFactory(academy=academy, affiliation=OrganizationFactory())
        p.fields.create(name_zh_hans="水", name_en="Water")
    assert client.get(url("experts", edition)).context["count"] == 3
    assert count_queries(client, url("experts", edition)) == few


# --- my agenda and the star ------------------------------------------------------------


def test_agenda_is_empty_for_a_new_visitor_and_creates_nothing(en_client, edition, program):
    response = en_client.get(url("agenda", edition))
    assert response.status_code == 200
    assert response.context["agenda"] is None
    assert "Your agenda is empty." in response.content.decode()
    assert PersonalAgenda.objects.count() == 0


def test_star_without_htmx_redirects_back(client, edition, program):
    session = program["TF1"]
    response = client.post(url("star", edition, session_pk=session.pk), {"next": "/2023/program/?day=all"})
    assert (response.status_code, response["Location"]) == (302, "/2023/program/?day=all")
    agenda = PersonalAgenda.objects.get()
    assert (agenda.user, list(agenda.items.values_list("session_id", flat=True))) == (None, [session.pk])
    assert client.session[f"ecoforum.agenda.{edition.pk}"] == agenda.pk


def test_agenda_started_before_login_becomes_the_users(client, edition, program):
    session = program["TF1"]
    client.post(url("star", edition, session_pk=session.pk))
    browser_agenda = PersonalAgenda.objects.get()
    user = UserFactory(username="guest")
    client.post(reverse("login"), {"username": "guest", "password": "correct horse battery staple"})
    browser_agenda.refresh_from_db()
    assert (browser_agenda.user, list(browser_agenda.items.values_list("session_id", flat=True))) == (
        user,
        [session.pk],
    )
    assert f"ecoforum.agenda.{edition.pk}" not in client.session


def test_agenda_started_before_login_merges_into_the_users_own(client, edition, program):
    user = UserFactory(username="guest")
    own = services.open_agenda(edition, user=user)
    services.star_session(own, program["OPEN"])
    client.post(url("star", edition, session_pk=program["TF1"].pk))
    client.post(reverse("login"), {"username": "guest", "password": "correct horse battery staple"})
    assert list(PersonalAgenda.objects.values_list("pk", flat=True)) == [own.pk]
    assert set(own.items.values_list("session_id", flat=True)) == {program["OPEN"].pk, program["TF1"].pk}


def test_star_refuses_a_foreign_next(client, edition, program):
    response = client.post(url("star", edition, session_pk=program["TF1"].pk), {"next": "https://evil.example/"})
    assert response["Location"] == "/2023/agenda/"


def test_star_with_htmx_returns_the_button(client, edition, program):
    session = program["TF1"]
    response = client.post(
        url("star", edition, session_pk=session.pk),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/2023/program/?day=all",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<form class="star-form"')
    assert '<input type="hidden" name="next" value="/2023/program/?day=all">' in body
    assert 'class="star is-starred" aria-pressed="true"' in body
    assert response["HX-Trigger"] == "agendaChanged"
    again = client.post(url("star", edition, session_pk=session.pk), HTTP_HX_REQUEST="true")
    assert 'class="star" aria-pressed="false"' in again.content.decode()
    assert AgendaItem.objects.count() == 0


def test_star_is_idempotent_with_explicit_state(client, edition, program):
    path = url("star", edition, session_pk=program["TF1"].pk)
    client.post(path, {"starred": "1"})
    client.post(path, {"starred": "1"})
    assert AgendaItem.objects.count() == 1
    client.post(path, {"starred": "0"})
    assert AgendaItem.objects.count() == 0


def test_starred_sessions_show_on_agenda_and_program(client, edition, program):
    client.post(url("star", edition, session_pk=program["D2"].pk))
    client.post(url("star", edition, session_pk=program["OPEN"].pk))
    agenda = PersonalAgenda.objects.get()
    response = client.get(url("agenda", edition))
    assert titles(response) == ["会议OPEN", "会议D2"]
    assert response.context["feed_url"] == f"http://testserver/2023/agenda/{agenda.feed_token}.ics"
    assert response.context["webcal_url"] == f"webcal://testserver/2023/agenda/{agenda.feed_token}.ics"
    program_page = client.get(url("program", edition)).content.decode()
    assert program_page.count('class="star is-starred"') == 1


def test_agenda_of_another_browser_is_not_shown(client, edition, program):
    client.post(url("star", edition, session_pk=program["D2"].pk))
    other = type(client)()
    assert other.get(url("agenda", edition)).context["agenda"] is None


def test_signed_in_user_has_own_agenda(client, edition, program):
    user = UserFactory()
    client.force_login(user)
    client.post(url("star", edition, session_pk=program["TF2"].pk))
    agenda = PersonalAgenda.objects.get()
    assert agenda.user == user
    assert titles(client.get(url("agenda", edition))) == ["会议TF2"]


def test_agenda_lists_cancelled_starred_sessions(client, edition, program):
    client.post(url("star", edition, session_pk=program["D2"].pk))
    services.withdraw_session(program["D2"], actor=None)
    publish(edition, "1.1")
    response = client.get(url("agenda", edition))
    assert titles(response) == []
    assert [s.code for s in response.context["dropped"]] == ["D2"]


def test_star_of_unreleased_or_foreign_session_is_404(client, edition, program, room):
    draft_only = schedule(edition, "NEW", room, hour=17)
    other_edition = EditionFactory(year=2024)
    foreign = schedule(other_edition, "X", RoomFactory(venue=VenueFactory(edition=other_edition)))
    assert client.post(url("star", edition, session_pk=draft_only.pk)).status_code == 404
    assert client.post(url("star", edition, session_pk=foreign.pk)).status_code == 404
    assert PersonalAgenda.objects.count() == 0


def test_star_needs_post(client, edition, program):
    assert client.get(url("star", edition, session_pk=program["TF1"].pk)).status_code == 405


def test_agenda_query_count_does_not_grow(client, edition, program, room):
    client.post(url("star", edition, session_pk=program["OPEN"].pk))
    few = count_queries(client, url("agenda", edition))
    for code in ("TF1", "TF2"):
        client.post(url("star", edition, session_pk=program[code].pk))
    assert len(titles(client.get(url("agenda", edition)))) == 3
    assert count_queries(client, url("agenda", edition)) == few


# --- the frame -------------------------------------------------------------------------------


def test_pages_have_language_switch_and_csrf_header(en_client, edition, program):
    body = en_client.get(url("program", edition)).content.decode()
    assert '<form class="langswitch" action="/i18n/setlang/" method="post">' in body
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[\w-]+\"\}'", body)
    assert '<a href="/2023/program/" aria-current="page">Program</a>' in body


def test_pages_have_no_inline_script_or_style(client, edition, program):
    for name, kwargs in [("home", {}), ("program", {}), ("session", {"pk": program["TF1"].pk}), ("agenda", {})]:
        body = client.get(url(name, edition, **kwargs)).content.decode()
        assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", body) == []
        assert re.findall(r"\sstyle=|<style", body) == []


def test_unpublished_edition_is_404(client, db):
    hidden = EditionFactory(year=2030, is_public=False)
    assert client.get(url("home", hidden)).status_code == 404
    assert client.get(url("program", hidden)).status_code == 404
