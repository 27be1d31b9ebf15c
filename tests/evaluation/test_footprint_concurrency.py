"""Organizers saving the footprint inputs at the same moment, the first time too, leave one row (PostgreSQL only).

Each client is a thread with its own connection; a barrier starts them together. The edition's row is
locked first, so they take turns: every save succeeds, one row remains, one audit entry each.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connections

from ecoforum.core.models import AuditEntry
from ecoforum.evaluation.footprint import save_footprint_inputs
from ecoforum.evaluation.models import FootprintInputs
from ecoforum.forums.enums import CommitteeRole

from ..services.factories import committee_user
from .kpi_factories import place

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 8


def test_saving_at_once_keeps_one_row(edition):
    organizer = committee_user(edition, CommitteeRole.ORGANIZER)
    venue = place("Guiyang")
    barrier = threading.Barrier(CLIENTS)
    results: list[str] = ["not run"] * CLIENTS

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            save_footprint_inputs(edition, actor=organizer, venue=venue, venue_electricity_kwh=Decimal(100 + i))
            results[i] = "ok"
        except Exception as exc:
            results[i] = type(exc).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert results == ["ok"] * CLIENTS
    assert FootprintInputs.objects.filter(edition=edition).count() == 1
    actions = sorted(
        AuditEntry.objects.filter(action__startswith="evaluation.footprint.").values_list("action", flat=True)
    )
    assert actions == ["evaluation.footprint.changed"] * (CLIENTS - 1) + ["evaluation.footprint.created"]
