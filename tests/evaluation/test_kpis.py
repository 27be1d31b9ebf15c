"""The key figures of an edition, computed from a known fixture; their comparison across editions; queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoforum.core.money import Money
from ecoforum.evaluation.kpis import KPI_FIELDS, change, compare_editions, edition_kpis, kpis_with_previous

from ..factories import EditionFactory
from .kpi_factories import build_edition

pytestmark = pytest.mark.django_db

#: What build_edition(edition, 3) gives (see its docstring).
THREE = {
    "guests_on_site": 3,
    "guests_online": 3,
    "countries": 2,  # FR (one guest's origin) and CN (everyone else's person)
    "checked_in": 3,
    "sessions": 3,
    "experts": 4,  # 3 speakers with a profile + 1 accepted invitation
    "releases": 3,
    "exhibitors": 3,
    "projects": 3,
    "meetings": 3,
    "signings": 3,
    "signed": Money(Decimal("300000000.00")),
    "outcomes": 4,
    "outcomes_landed": 3,
    "landed": Money(Decimal("150000000.00")),
    "satisfaction": Decimal("4.25"),  # (4 + 4 + 4 + 5) / 4
    "responses": 4,
    # 3 × Chengdu–Guiyang by train 2 × 503.1 = 3018.6 pkm × 0.03549 = 107.130 → 107.1 kg;
    # 1000 kWh × 0.5703 = 570.3 kg; 677.4 kg in all → 0.677 t; 677.4 / 3 = 225.8 kg a guest.
    "carbon_t": Decimal("0.677"),
    "carbon_per_guest_kg": Decimal("225.8"),
}
ONE = {
    "guests_on_site": 1,
    "guests_online": 1,
    "countries": 2,
    "checked_in": 1,
    "sessions": 1,
    "experts": 2,
    "releases": 1,
    "exhibitors": 1,
    "projects": 1,
    "meetings": 1,
    "signings": 1,
    "signed": Money(Decimal("100000000.00")),
    "outcomes": 2,
    "outcomes_landed": 1,
    "landed": Money(Decimal("50000000.00")),
    "satisfaction": Decimal("4.00"),
    "responses": 1,
    # 1006.2 pkm × 0.03549 = 35.7 kg + 570.3 kg = 606.0 kg.
    "carbon_t": Decimal("0.606"),
    "carbon_per_guest_kg": Decimal("606.0"),
}


def figures(kpis) -> dict:
    return {name: getattr(kpis, name) for name, _label, _unit in KPI_FIELDS}


@pytest.fixture
def earlier():
    return EditionFactory(year=2022)


def test_edition_kpis_of_a_known_fixture(edition, earlier):
    build_edition(edition, 3)
    build_edition(earlier, 1)

    assert figures(edition_kpis(edition)) == THREE
    assert figures(edition_kpis(earlier)) == ONE


def test_edition_kpis_of_an_empty_edition(edition):
    kpis = edition_kpis(edition)

    assert figures(kpis) == {
        **dict.fromkeys(name for name, _l, _u in KPI_FIELDS),
        **dict.fromkeys(
            [
                "guests_on_site",
                "guests_online",
                "countries",
                "checked_in",
                "sessions",
                "experts",
                "releases",
                "exhibitors",
                "projects",
                "meetings",
                "signings",
                "outcomes",
                "outcomes_landed",
                "responses",
            ],
            0,
        ),
        "signed": Money(Decimal(0)),
        "landed": Money(Decimal(0)),
        "carbon_t": Decimal("0.000"),
    }


def test_compare_editions_oldest_first_with_changes(edition, earlier):
    build_edition(edition, 3)
    build_edition(earlier, 1)

    compared = compare_editions([edition, earlier])

    assert [k.edition.year for k in compared] == [2022, 2023]
    assert set(compared[0].changes.values()) == {None}
    assert compared[1].changes == {
        "guests_on_site": Decimal("200.0"),
        "guests_online": Decimal("200.0"),
        "countries": Decimal("0.0"),
        "checked_in": Decimal("200.0"),
        "sessions": Decimal("200.0"),
        "experts": Decimal("100.0"),
        "releases": Decimal("200.0"),
        "exhibitors": Decimal("200.0"),
        "projects": Decimal("200.0"),
        "meetings": Decimal("200.0"),
        "signings": Decimal("200.0"),
        "signed": Decimal("200.0"),
        "outcomes": Decimal("100.0"),
        "outcomes_landed": Decimal("200.0"),
        "landed": Decimal("200.0"),
        "satisfaction": Decimal("6.3"),  # (4.25 − 4.00) / 4.00 = 6.25 % → 6.3
        "responses": Decimal("300.0"),
        "carbon_t": Decimal("11.7"),  # (0.677 − 0.606) / 0.606 = 11.72 %
        "carbon_per_guest_kg": Decimal("-62.7"),  # (225.8 − 606.0) / 606.0 = −62.74 %
    }


def test_kpis_with_previous_picks_the_edition_among_its_forum(edition, earlier):
    build_edition(earlier, 1)
    EditionFactory(year=2024)

    current, compared = kpis_with_previous(edition)

    assert [k.edition.year for k in compared] == [2022, 2023, 2024]
    assert current.edition == edition
    assert current.changes["guests_on_site"] == Decimal("-100.0")


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [(3, 1, Decimal("200.0")), (1, 3, Decimal("-66.7")), (5, 0, None), (None, 2, None), (2, None, None)],
)
def test_change_in_percent(current, previous, expected):
    assert change(current, previous) == expected


def test_edition_kpis_query_count_does_not_grow_with_the_data(edition, earlier):
    build_edition(earlier, 1)
    build_edition(edition, 3)
    edition_kpis(earlier)  # warm the caches (content types, the catalogue)

    with CaptureQueriesContext(connection) as one:
        edition_kpis(earlier)
    with CaptureQueriesContext(connection) as three:
        edition_kpis(edition)

    assert len(three) == len(one)


def test_compare_editions_queries_are_constant_per_edition(edition, earlier):
    build_edition(earlier, 1)
    build_edition(edition, 3)
    third = EditionFactory(year=2024)
    build_edition(third, 2)
    edition_kpis(earlier)

    with CaptureQueriesContext(connection) as single:
        compare_editions([earlier])
    with CaptureQueriesContext(connection) as all_three:
        compare_editions([earlier, edition, third])

    assert len(all_three) == 3 * len(single)
