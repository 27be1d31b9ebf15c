"""The charter page: the version in force, earlier versions and the history."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.forums import services


def adopt(forum, n, note=""):
    return services.adopt_charter_version(
        forum,
        actor=None,
        title_zh_hans="生态文明贵阳国际论坛章程",
        title_en="Charter of the Eco Forum Global Guiyang",
        body_zh_hans=f"第一条 第{n}版正文。\n\n第二条 论坛每年举办一次。",
        body_en=f"Article 1. Version {n}.",
        adopted_on=dt.date(2023, 4, n),
        change_note_zh_hans=note,
        change_note_en=note,
    )


def history(body: str) -> list[str]:
    return re.findall(r"<strong>Version (\d+)</strong>", body)


def test_charter_shows_the_version_in_force(client, edition):
    adopt(edition.forum, 1)
    adopt(edition.forum, 2, note="增加评估机制")
    response = client.get(reverse("forums:charter", kwargs={"edition": "2023"}), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["shown"].number == 2
    assert "<h1>Charter of the Eco Forum Global Guiyang</h1>" in body
    assert "<p>Article 1. Version 2.</p>" in body
    assert history(body) == ["2", "1"]
    assert '<span class="badge badge-green">In force</span>' in body


def test_charter_in_chinese_keeps_paragraphs(client, edition):
    adopt(edition.forum, 1)
    body = client.get(reverse("forums:charter", kwargs={"edition": "2023"})).content.decode()
    assert "<p>第一条 第1版正文。</p>\n\n<p>第二条 论坛每年举办一次。</p>" in body


def test_charter_shows_an_earlier_version(client, edition):
    adopt(edition.forum, 1)
    adopt(edition.forum, 2)
    response = client.get(
        reverse("forums:charter_version", kwargs={"edition": "2023", "number": 1}), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.context["shown"].number == 1
    assert "<p>Article 1. Version 1.</p>" in body
    assert "You are reading an earlier version." in body
    assert '<a href="/2023/charter/v1/" aria-current="page">' in body


def test_charter_unknown_version_is_404(client, edition):
    adopt(edition.forum, 1)
    url = reverse("forums:charter_version", kwargs={"edition": "2023", "number": 9})
    assert client.get(url).status_code == 404


def test_charter_not_yet_published(client, edition):
    response = client.get(reverse("forums:charter", kwargs={"edition": "2023"}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "The charter has not been published yet." in response.content.decode()


def test_charter_query_count_does_not_grow(client, edition, django_assert_num_queries):
    adopt(edition.forum, 1)
    url = reverse("forums:charter", kwargs={"edition": "2023"})
    client.get(url)  # the session and the language are settled
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    adopt(edition.forum, 2)
    adopt(edition.forum, 3)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)
