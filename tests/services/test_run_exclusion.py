"""A vehicle's runs never overlap, in the database itself (PostgreSQL's exclusion constraint)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from ecoforum.services.models import RUN_DURATION, PickupRun

from .factories import PickupRunFactory, VehicleFactory, edition_day


@pytest.mark.django_db
def test_a_run_keeps_its_vehicle_for_ninety_minutes(edition):
    run = PickupRunFactory(edition=edition)
    assert run.ends_at - run.departs_at == RUN_DURATION == dt.timedelta(minutes=90)
    run.departs_at = edition_day(edition, -1, 15)
    run.save(update_fields=["departs_at"])
    run.refresh_from_db()
    assert run.ends_at == edition_day(edition, -1, 16) + dt.timedelta(minutes=30)


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_refuses_overlapping_runs_of_one_vehicle_whatever_writes_them(edition):
    vehicle = VehicleFactory(edition=edition)
    first = PickupRunFactory(edition=edition, vehicle=vehicle, departs_at=edition_day(edition, -1, 10))
    with pytest.raises(IntegrityError), transaction.atomic():
        PickupRun.objects.create(
            edition=edition,
            vehicle=vehicle,
            station=first.station,
            direction="arrival",
            departs_at=edition_day(edition, -1, 11),
        )
    # Back to back is fine: the vehicle is free again at 11:30.
    PickupRun.objects.create(
        edition=edition,
        vehicle=vehicle,
        station=first.station,
        direction="arrival",
        departs_at=edition_day(edition, -1, 11) + dt.timedelta(minutes=30),
    )
    # Another vehicle at the same time is fine.
    PickupRunFactory(edition=edition, departs_at=edition_day(edition, -1, 10))
    assert PickupRun.objects.count() == 3
