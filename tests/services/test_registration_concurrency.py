"""Registration under load on PostgreSQL: places never overflow, duplicates and retries make one row.

Each client is a thread with its own database connection; a barrier starts them together.
``registration.register`` locks the category's row before it counts and inserts, so the
clients are served one after the other: exactly ``capacity`` registrations hold a place and
the rest wait, in the order they were served.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.services import registration as service
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import Registration

from .factories import GuestCategoryFactory, RegistrationFormFactory
from .registration_helpers import applicant

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_clients(clients: int, work: Callable[[int], object]) -> list[tuple[str, str]]:
    """Run ``work(i)`` in ``clients`` threads started at once; the outcome of each call, in order."""
    barrier = threading.Barrier(clients)
    outcomes: list[tuple[str, str]] = [("not run", "")] * clients

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                work(i)
            outcomes[i] = ("ok", "")
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_two_hundred_registrations_from_forty_clients_fill_fifty_places_exactly(edition):
    category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False, capacity=50)
    form = RegistrationFormFactory(edition=edition, category=category, slug="guests")
    people = [applicant(email=f"guest{i}@example.cn") for i in range(200)]

    def five_each(i: int) -> None:
        for person in people[i * 5 : i * 5 + 5]:
            service.register(form, person)

    outcomes = run_clients(40, five_each)

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 40})
    rows = list(Registration.objects.filter(category=category).order_by("created_at", "pk"))
    assert len(rows) == 200
    assert Counter(r.status for r in rows) == Counter(
        {RegistrationStatus.APPROVED: 50, RegistrationStatus.WAITLISTED: 150}
    )
    # Served one after the other: the first fifty in time hold the places, the rest wait in order.
    assert {r.status for r in rows[:50]} == {RegistrationStatus.APPROVED}
    assert [service.waiting_position(r) for r in rows[50:53]] == [1, 2, 3]
    assert {r.email for r in rows} == {p.email for p in people}


def test_the_same_email_from_ten_clients_at_once_makes_one_registration(edition):
    guests = RegistrationFormFactory(edition=edition, category__needs_approval=False, slug="guests")
    media = RegistrationFormFactory(edition=edition, category__needs_approval=True, slug="media")

    outcomes = run_clients(
        10,
        lambda i: service.register(guests if i % 2 else media, applicant(email="Same.Person@Example.cn")),
    )

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 1, "AlreadyRegistered": 9})
    assert {m for kind, m in outcomes if kind == "AlreadyRegistered"} == {
        "Same.Person@Example.cn is already registered for this edition."
    }
    assert Registration.objects.filter(edition=edition).count() == 1


def test_the_same_idempotency_key_from_ten_clients_at_once_makes_one_registration(edition):
    form = RegistrationFormFactory(edition=edition, category__needs_approval=False, category__capacity=5)
    person = applicant()
    made: list[int] = []

    outcomes = run_clients(10, lambda i: made.append(service.register(form, person, idempotency_key="retry-1").pk))

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 10})
    assert Registration.objects.filter(edition=edition).count() == 1
    assert set(made) == {Registration.objects.get().pk}
