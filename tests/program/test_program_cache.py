"""The program page's cached session list: what must show at once, what must stay per visitor, what a cached
read costs."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.program import page_cache, services
from ecoforum.program.services import Role

from ..conftest import at
from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    """Primary keys repeat between tests on SQLite: every test starts from an empty cache."""
    cache.clear()
    yield
    cache.clear()


def schedule(edition, code, room, *, hour=9, people=(), theme_forum=None):
    return services.create_session(
        edition,
        actor=None,
        code=code,
        title_zh_hans=f"会议{code}",
        title_en=f"Session {code}",
        kind="forum",
        room=room,
        start=at(edition, 0, hour),
        end=at(edition, 0, hour + 1),
        theme_forum=theme_forum,
        people=[Role(p, role) for p, role in people],
    )


def publish(edition, version):
    return services.release_program(edition, actor=None, version=version)


def program_url(edition) -> str:
    return reverse("program:program", kwargs={"edition": edition.slug})


def titles(body: str) -> list[str]:
    return re.findall(r'<h3 class="slot-title"><a href="[^"]+">([^<]+)</a></h3>', body)


def times(body: str) -> list[str]:
    return re.findall(r'<div class="slot-time">\s*<time datetime="[^"]+">([\d:]+)</time>', body)


def rendered_list(response) -> bool:
    """Whether this response rendered the session list anew (rather than reading it from the cache)."""
    return "program/_program_list.html" in [t.name for t in response.templates]


@pytest.fixture
def speaker():
    return PersonFactory(slug="wang-fang", name_zh_hans="王芳", name_en="Wang Fang")


@pytest.fixture
def released(edition, room, theme_forum, speaker):
    sessions = {
        "A": schedule(edition, "A", room, hour=9, theme_forum=theme_forum, people=[(speaker, "speaker")]),
        "B": schedule(edition, "B", room, hour=14),
    }
    publish(edition, "1.0")
    return sessions


def test_second_read_comes_from_the_cache(client, edition, released):
    first = client.get(program_url(edition))
    second = client.get(program_url(edition))

    assert rendered_list(first) is True
    assert rendered_list(second) is False
    assert titles(second.content.decode()) == titles(first.content.decode()) == ["会议A", "会议B"]


def test_new_release_shows_at_once(client, edition, released, other_room):
    assert times(client.get(program_url(edition)).content.decode()) == ["09:00", "14:00"]
    services.schedule_session(
        released["A"], actor=None, room=other_room, start=at(edition, 0, 16), end=at(edition, 0, 17)
    )
    assert times(client.get(program_url(edition)).content.decode()) == ["09:00", "14:00"]  # a draft is not shown

    publish(edition, "1.1")

    body = client.get(program_url(edition)).content.decode()
    assert times(body) == ["14:00", "16:00"]
    assert titles(body) == ["会议B", "会议A"]


def test_title_correction_shows_at_once(client, edition, released):
    client.get(program_url(edition))

    services.update_session(released["B"], actor=None, title_zh_hans="会议B（更正）")

    assert titles(client.get(program_url(edition)).content.decode()) == ["会议A", "会议B（更正）"]


def test_speakers_changed_in_bulk_show_at_once(client, edition, released):
    client.get(program_url(edition))
    newcomer = PersonFactory(slug="zhao-lei", name_zh_hans="赵磊", name_en="Zhao Lei")

    services.set_session_people(released["B"], actor=None, people=[Role(newcomer, "moderator")])

    assert '<a href="/2023/speakers/zhao-lei/">赵磊</a>' in client.get(program_url(edition)).content.decode()


def test_speaker_room_and_forum_renamed_show_at_once(client, edition, released, room, theme_forum, speaker):
    client.get(program_url(edition))

    speaker.name_zh_hans = "王芳芳"
    speaker.save(update_fields=["name_zh_hans"])
    room.name_zh_hans = "一号厅"
    room.save()
    theme_forum.title_zh_hans = "生态论坛（新名）"
    theme_forum.save()

    body = client.get(program_url(edition)).content.decode()
    assert '<a href="/2023/speakers/wang-fang/">王芳芳</a>' in body
    assert body.count("一号厅</span>") == 2
    assert f'<a href="/2023/forums/{theme_forum.slug}/">生态论坛（新名）</a>' in body


def test_guests_registering_keep_the_cache(edition, released):
    before = page_cache.generation()

    PersonFactory()  # a new person (a guest) is on no card

    assert page_cache.generation() == before


def test_two_languages_do_not_mix(client, edition, released):
    chinese = client.get(program_url(edition), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get(program_url(edition), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese_again = client.get(program_url(edition), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert titles(chinese) == titles(chinese_again) == ["会议A", "会议B"]
    assert titles(english) == ["Session A", "Session B"]
    assert "Add to agenda" in english
    assert "Add to agenda" not in chinese_again


def test_filters_and_pages_have_their_own_lists(client, edition, released):
    everything = client.get(program_url(edition), {"day": "all"}).content.decode()
    searched = client.get(program_url(edition), {"day": "all", "q": "会议B"}).content.decode()

    assert titles(everything) == ["会议A", "会议B"]
    assert titles(searched) == ["会议B"]
    assert 'value="会议B"' in searched
    assert 'value="会议B"' not in client.get(program_url(edition), {"day": "all"}).content.decode()


def test_starred_session_shows_starred_for_that_visitor_only(edition, released):
    mine, theirs = Client(), Client()
    theirs.get(program_url(edition))  # the list is in the cache before anyone stars
    mine.post(reverse("program:star", kwargs={"edition": edition.slug, "session_pk": released["B"].pk}))

    my_page = mine.get(program_url(edition)).content.decode()
    their_page = theirs.get(program_url(edition)).content.decode()

    assert re.findall(r'class="star is-starred" aria-pressed="true" data-session="(\d+)"', my_page) == [
        str(released["B"].pk)
    ]
    assert re.findall(r'class="star is-starred"', their_page) == []
    assert len(re.findall(r'class="star" aria-pressed="false"', their_page)) == 2


def star_tokens(body: str) -> list[str]:
    return re.findall(
        r'<form class="star-form"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([\w-]+)">', body
    )


def test_star_buttons_carry_the_visitors_own_csrf_token_and_address(edition, released):
    mine, theirs = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    theirs.get(program_url(edition), {"day": "all"})  # fills the cache
    page = mine.get(program_url(edition), {"day": "all"})
    body = page.content.decode()
    star = reverse("program:star", kwargs={"edition": edition.slug, "session_pk": released["A"].pk})

    tokens = star_tokens(body)

    assert rendered_list(page) is False
    assert len(tokens) == 2
    assert body.count('<input type="hidden" name="next" value="/2023/program/?day=all">') == 2
    assert "<!--ecoforum-star:" not in body
    assert theirs.post(star, {"csrfmiddlewaretoken": tokens[0], "starred": "1"}).status_code == 403
    assert mine.post(star, {"csrfmiddlewaretoken": tokens[0], "starred": "1"}).status_code == 302


def test_htmx_list_from_the_cache_has_the_visitors_stars(client, edition, released):
    client.get(program_url(edition), {"day": "all"}, HTTP_HX_REQUEST="true")
    client.post(reverse("program:star", kwargs={"edition": edition.slug, "session_pk": released["A"].pk}))

    response = client.get(program_url(edition), {"day": "all"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert rendered_list(response) is False
    assert body.startswith('<div id="program-list"')
    assert body.count('class="star is-starred"') == 1


def cached_read_queries(client, edition) -> int:
    client.get(program_url(edition), {"day": "all"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get(program_url(edition), {"day": "all"})
    assert rendered_list(response) is False
    return len(captured.captured_queries)


def test_cached_read_costs_few_queries_whatever_the_size(client, edition, room, other_room, theme_forum):
    schedule(edition, "S0", room, hour=8, theme_forum=theme_forum, people=[(PersonFactory(), "speaker")])
    first = schedule(edition, "S1", room, hour=9)
    publish(edition, "1")
    client.post(reverse("program:star", kwargs={"edition": edition.slug, "session_pk": first.pk}))
    one = cached_read_queries(client, edition)
    for n in range(2):
        schedule(edition, f"T{n}", other_room, hour=10 + n, people=[(PersonFactory(), "moderator")])
    publish(edition, "2")

    three = cached_read_queries(client, edition)

    assert three == one
    # The visitor's session, the edition, the latest release, the visitor's agenda and stars: no session
    # list, no people, no filters.
    assert one == 5


def test_with_a_read_replica_lists_are_kept_briefly(settings, monkeypatch):
    """A list rendered from a replica that lags behind an edit must not outlive the lag by an hour."""
    settings.PROGRAM_LIST_CACHE_SECONDS = page_cache.SHARED_SECONDS
    assert page_cache.timeout() == page_cache.SHARED_SECONDS

    monkeypatch.setattr(page_cache.db_router, "replica_configured", lambda: True)
    assert page_cache.timeout() == page_cache.REPLICA_SECONDS < page_cache.SHARED_SECONDS
