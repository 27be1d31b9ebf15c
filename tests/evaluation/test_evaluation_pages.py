"""The evaluation pages: public overview and the back-office overview, in both languages, permissions, queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ecoforum.forums.enums import CommitteeRole

from ..factories import EditionFactory, ForumFactory, UserFactory
from ..services.factories import committee_user
from .kpi_factories import build_edition

pytestmark = pytest.mark.django_db


def public_url(edition) -> str:
    return reverse("evaluation:overview", kwargs={"edition": edition.slug})


def manage_url(edition) -> str:
    return reverse("manage_evaluation:overview", kwargs={"edition_slug": edition.slug})


@pytest.fixture
def earlier():
    return EditionFactory(year=2022)


def test_public_overview_in_english(client, edition, earlier):
    build_edition(earlier, 1)
    build_edition(edition, 3)

    response = client.get(public_url(edition), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    tiles = {tile["name"]: (tile["display"], tile["change"]) for tile in response.context["tiles"]}
    assert tiles["guests_on_site"] == ("3", 200)
    assert tiles["signed"] == ("CNY 300 m", 200)
    assert tiles["satisfaction"][0] == "4.25"
    assert [c["title"] for c in response.context["charts"]] == [
        "Guests (on site and online)",
        "Amount signed",
        "Amount landed",
        "Satisfaction (1–5)",
        "Carbon per guest on site (kg CO₂e)",
    ]
    assert [(row.label, row.value) for row in response.context["charts"][0]["rows"]] == [("2022", 2), ("2023", 6)]
    html = response.content.decode()
    assert "<h1>Evaluation</h1>" in html
    assert "+200.0% vs the previous edition" in html
    assert '<span class="kpi-value">0.677</span>' in html
    assert "National rail" in html  # the factor's source is shown beside the number
    assert "0.5703" in html
    assert '<svg class="chart chart-columns"' in html
    assert '<svg class="chart chart-bars"' in html


def test_public_overview_in_chinese(client, edition):
    build_edition(edition, 1)

    response = client.get(public_url(edition), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "zh-hans"
    tiles = {tile["name"]: tile["display"] for tile in response.context["tiles"]}
    assert tiles["signed"] == "1亿元"
    assert tiles["landed"] == "5,000万元"


def test_public_overview_counts_only_public_outcomes(client, edition):
    from ecoforum.outcomes.models import Outcome

    build_edition(edition, 1)
    Outcome.objects.filter(edition=edition, kind="signing").update(is_public=False)

    response = client.get(public_url(edition), HTTP_ACCEPT_LANGUAGE="en")

    assert (response.context["kpis"].outcomes, response.context["kpis"].landed.amount) == (1, 0)


def test_public_overview_of_unpublished_edition_is_404(client):
    hidden = EditionFactory(year=2025, is_public=False)

    response = client.get(public_url(hidden))

    assert response.status_code == 404


def test_manage_overview_compares_editions(client, edition, earlier):
    build_edition(earlier, 1)
    build_edition(edition, 3)
    client.force_login(committee_user(edition, CommitteeRole.STAFF))

    response = client.get(manage_url(edition), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [k.edition.year for k in response.context["compared"]] == [2022, 2023]
    rows = {row["name"]: row["cells"] for row in response.context["table"]}
    assert rows["meetings"] == [("1", None, ""), ("3", 200, "good")]
    assert rows["carbon_per_guest_kg"] == [("606.0", None, ""), ("225.8", Decimal("-62.7"), "good")]
    assert rows["experts"][1][1] == 100
    html = response.content.decode()
    assert "Editions compared" in html
    assert 'href="/manage/2023/evaluation/footprint/"' in html


def test_manage_overview_in_chinese(client, edition):
    client.force_login(committee_user(edition, CommitteeRole.ORGANIZER))

    response = client.get(manage_url(edition), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.context["LANGUAGE_CODE"] == "zh-hans"
    assert response.context["may_manage"] is True


def test_manage_overview_is_404_outside_the_committee(client, edition):
    client.force_login(UserFactory())

    response = client.get(manage_url(edition))

    assert response.status_code == 404


def test_manage_overview_is_403_without_the_evaluation_permission(client, edition):
    client.force_login(committee_user(edition, CommitteeRole.GATE_STAFF))

    response = client.get(manage_url(edition))

    assert response.status_code == 403


def test_public_overview_query_count_does_not_grow_with_the_data(client, edition):
    other_forum = ForumFactory(slug="other", name_zh_hans="另一论坛", name_en="Another forum")
    small = EditionFactory(year=2021, forum=other_forum)
    build_edition(small, 1)
    build_edition(edition, 3)
    client.get(public_url(small))  # warm the caches

    with CaptureQueriesContext(connection) as one:
        client.get(public_url(small))
    with CaptureQueriesContext(connection) as three:
        client.get(public_url(edition))

    assert len(three) == len(one)


def test_manage_overview_query_count_does_not_grow_with_the_data(client, edition):
    other_forum = ForumFactory(slug="other", name_zh_hans="另一论坛", name_en="Another forum")
    small = EditionFactory(year=2021, forum=other_forum)
    build_edition(small, 1)
    build_edition(edition, 3)
    user = UserFactory(is_superuser=True)
    client.force_login(user)
    client.get(manage_url(small))

    with CaptureQueriesContext(connection) as one:
        client.get(manage_url(small))
    with CaptureQueriesContext(connection) as three:
        client.get(manage_url(edition))

    assert len(three) == len(one)
