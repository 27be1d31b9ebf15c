"""A route never takes more guests than seats when many guests sign up at once (PostgreSQL only).

Each client is a thread with its own database connection; a barrier starts them together.
``visits.sign_up`` locks the route row before it counts and inserts, so the clients are served one
after the other: exactly ``capacity`` of them get a seat, every other one a clean RouteFull (or
Busy, when the lock wait runs out).
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.exhibition import visits
from ecoforum.exhibition.enums import SignupStatus
from ecoforum.exhibition.models import VisitSignup

from ..factories import PersonFactory
from .factories import VisitRouteFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 20
SEATS = 5


def test_twenty_guests_signing_up_at_once_for_five_seats_get_exactly_five(edition):
    route = VisitRouteFactory(edition=edition, code="R1", name_en="Huaxi route", capacity=SEATS)
    people = [PersonFactory() for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[tuple[str, str]] = [("not run", "")] * CLIENTS

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                visits.sign_up(route, person=people[i], actor=None)
            outcomes[i] = ("ok", "")
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    counts = Counter(kind for kind, _message in outcomes)
    assert counts == Counter({"ok": SEATS, "RouteFull": CLIENTS - SEATS})
    assert {m for kind, m in outcomes if kind == "RouteFull"} == {
        "The route Huaxi route is full: all 5 seats are taken."
    }
    assert VisitSignup.objects.filter(route=route, status=SignupStatus.REGISTERED).count() == SEATS
