"""Public lists at trade-fair size: the number of SQL queries does not grow with the data, and
long lists come in pages.

Two editions are built with ``ecoforum.demo.tradefair`` (the generator of ``ecoforum demo
--scale tradefair``): one with one exhibitor, project and session, one with three of each (the
convention's 1 and 3), and a third with more than a page of each to check the pages.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoforum.demo.tradefair import build_tradefair

pytestmark = pytest.mark.django_db

PAGES = [
    "/{e}/program/?day=all",
    "/{e}/exhibitors/",
    "/{e}/projects/",
    "/{e}/search/?q=%E7%BB%BF%E8%89%B2",  # 绿色
    "/api/editions/{e}/program/sessions",
    "/api/editions/{e}/exhibitors",
    "/api/editions/{e}/projects",
    "/api/editions/{e}/search?q=green",
]


def build(slug: str, year: int, items: int) -> None:
    build_tradefair(guests=items, exhibitors=items, projects=items, sessions=items, slug=slug, year=year)


def queries_of(client, url: str) -> int:
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")  # warm: caches filled the same way for every size
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, url
    return len(captured.captured_queries)


@pytest.fixture
def sizes():
    build("tf-one", 2041, 1)
    build("tf-three", 2043, 3)


@pytest.mark.parametrize("page", PAGES)
def test_list_queries_do_not_grow_with_items(client, sizes, page):
    one = queries_of(client, page.format(e="tf-one"))

    three = queries_of(client, page.format(e="tf-three"))

    assert three == one


@pytest.fixture
def long_lists():
    build("tf-long", 2045, 60)


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("/{e}/exhibitors/", 48),
        ("/{e}/projects/", 50),
    ],
)
def test_long_public_list_shows_one_page(client, long_lists, page, shown):
    response = client.get(page.format(e="tf-long"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == shown
    assert response.context["page"].paginator.num_pages == 2
    assert response.content.decode().count('rel="next"') == 1


def test_projects_second_page_continues_in_code_order(client, long_lists):
    response = client.get("/tf-long/projects/?page=2", HTTP_ACCEPT_LANGUAGE="en")

    codes = [project.code for project in response.context["page"].object_list]
    assert codes == [f"TF-{n:05d}" for n in range(51, 61)]


def test_projects_page_out_of_range_shows_the_last(client, long_lists):
    response = client.get("/tf-long/projects/?page=999", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert [p.code for p in response.context["page"].object_list][-1] == "TF-00060"


@pytest.mark.parametrize(
    "url",
    [
        "/api/editions/tf-long/program/sessions",
        "/api/editions/tf-long/exhibitors",
        "/api/editions/tf-long/projects",
    ],
)
def test_api_lists_are_paginated(client, long_lists, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 60
    assert body["pages"] == 2
    assert len(body["items"]) == 50
