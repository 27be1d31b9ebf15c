"""The evaluation API: key figures, their comparison, the footprint; public, with declared schemas."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import EditionFactory, ForumFactory
from .kpi_factories import build_edition, guest, guest_form, inputs

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier():
    return EditionFactory(year=2022)


def test_api_kpis_of_an_edition(client, edition, earlier):
    build_edition(earlier, 1)
    build_edition(edition, 3)

    response = client.get("/api/editions/2023/kpis")

    assert response.status_code == 200
    body = response.json()
    assert {
        key: body[key] for key in ("edition", "year", "guests_on_site", "guests_online", "experts", "meetings")
    } == {
        "edition": "2023",
        "year": 2023,
        "guests_on_site": 3,
        "guests_online": 3,
        "experts": 4,
        "meetings": 3,
    }
    assert body["signed"] == {"amount": "300000000.00", "currency": "CNY"}
    assert body["landed"] == {"amount": "150000000.00", "currency": "CNY"}
    assert (body["satisfaction"], body["carbon_t"], body["carbon_per_guest_kg"]) == ("4.25", "0.677", "225.8")
    assert body["changes"]["guests_on_site"] == "200.0"
    assert body["changes"]["carbon_per_guest_kg"] == "-62.7"


def test_api_kpis_of_the_first_edition_have_no_changes(client, edition):
    response = client.get("/api/editions/2023/kpis")

    assert response.status_code == 200
    assert set(response.json()["changes"].values()) == {None}
    assert response.json()["satisfaction"] is None


def test_api_kpis_compare(client, edition, earlier):
    build_edition(earlier, 1)
    build_edition(edition, 3)

    response = client.get("/api/editions/2023/kpis/compare")

    assert response.status_code == 200
    assert [(k["edition"], k["sessions"], k["changes"]["sessions"]) for k in response.json()] == [
        ("2022", 1, None),
        ("2023", 3, "200.0"),
    ]


def test_api_kpis_compare_leaves_out_unpublished_editions(client, edition):
    EditionFactory(year=2024, is_public=False)

    response = client.get("/api/editions/2023/kpis/compare")

    assert [k["edition"] for k in response.json()] == ["2023"]


def test_api_kpis_unknown_edition_is_404(client, edition):
    response = client.get("/api/editions/1999/kpis", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (404, {"detail": "Not found."})


def test_api_footprint(client, edition):
    form = guest_form(edition)
    guest(edition, form, "Chengdu", mode="train")
    guest(edition, form, "Atlantis")
    inputs(edition, kwh="1000", offset="0.1")

    response = client.get("/api/editions/2023/footprint", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    # Chengdu 35.7 kg; Atlantis gets the average 35.7 kg; 1000 kWh 570.3 kg: 641.7 kg.
    assert [(line["code"], line["quantity"], line["factor"], line["kg"]) for line in body["lines"]] == [
        ("train", "1006.2", "0.03549", "35.7"),
        ("travel_unresolved", "1", "35.7", "35.7"),
        ("electricity", "1000.0", "0.5703", "570.3"),
    ]
    assert {key: body[key] for key in ("venue", "total_kg", "total_t", "per_guest_kg", "offset_t", "net_t")} == {
        "venue": "Guiyang",
        "total_kg": "641.7",
        "total_t": "0.642",
        "per_guest_kg": "320.9",
        "offset_t": "0.100",
        "net_t": "0.542",
    }
    assert (body["on_site_guests"], body["online_guests"], body["unresolved_guests"]) == (2, 0, 1)
    assert body["lines"][0]["source"].startswith("UK Department for Energy Security and Net Zero (DESNZ)")
    assert [f["code"] for f in body["factors"]] == [
        "flight_short_haul",
        "flight_long_haul",
        "train",
        "car",
        "hotel_night",
        "meal",
        "electricity",
        "natural_gas",
    ]
    assert len(body["method"]) == 8


def test_api_footprint_in_chinese(client, edition):
    inputs(edition, kwh="10")

    response = client.get("/api/editions/2023/footprint", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    assert response.json()["venue"] == "贵阳"


def test_api_schema_declares_the_evaluation_operations(client):
    response = client.get("/api/openapi.json")

    paths = response.json()["paths"]
    assert sorted(p for p in paths if p.endswith(("/kpis", "/kpis/compare", "/footprint"))) == [
        "/api/editions/{edition_slug}/footprint",
        "/api/editions/{edition_slug}/kpis",
        "/api/editions/{edition_slug}/kpis/compare",
    ]
    assert paths["/api/editions/{edition_slug}/kpis/compare"]["get"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ] == {"items": {"$ref": "#/components/schemas/KpisOut"}, "title": "Response", "type": "array"}


def test_api_kpis_query_count_does_not_grow_with_the_data(client, edition):
    small = EditionFactory(year=2021, forum=ForumFactory(slug="other", name_zh_hans="另一论坛", name_en="Another"))
    build_edition(small, 1)
    build_edition(edition, 3)
    client.get("/api/editions/2021/kpis")

    with CaptureQueriesContext(connection) as one:
        client.get("/api/editions/2021/kpis")
    with CaptureQueriesContext(connection) as three:
        client.get("/api/editions/2023/kpis")

    assert len(three) == len(one)


def test_api_kpis_compare_query_count_is_constant_per_edition(client, edition):
    build_edition(edition, 1)
    client.get("/api/editions/2023/kpis/compare")
    counts = []
    for year in (2021, 2022, None):
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/editions/2023/kpis/compare")
        counts.append(len(captured))
        if year:
            build_edition(EditionFactory(year=year), 3)

    # 1, 2 then 3 editions compared: each edition adds the same queries, whatever it holds.
    assert counts[2] - counts[1] == counts[1] - counts[0]
