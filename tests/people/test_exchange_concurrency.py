"""Contact requests sent at once (PostgreSQL only): the daily allowance is never overrun, and two
people asking each other at the same moment make one live request, not two.

Each participant is a thread with its own connection; a barrier starts them together.
``exchange.send_contact_request`` locks both directory entries in key order, then counts.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from ecoforum.people import exchange
from ecoforum.people.models import ContactRequest

from .factories_thinktank import DirectoryEntryFactory, take_part

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(count: int, work) -> list[tuple[str, object]]:
    barrier = threading.Barrier(count)
    outcomes: list[tuple[str, object]] = [("not run", None)] * count

    def one(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", work(i))
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def _listed(edition):
    entry = DirectoryEntryFactory(edition=edition)
    take_part(entry.person, edition)
    return entry


def test_many_requests_at_once_never_pass_the_daily_allowance(edition, monkeypatch):
    monkeypatch.setattr(exchange, "MAX_REQUESTS_PER_DAY", 3)
    me = _listed(edition)
    others = [_listed(edition) for _ in range(8)]

    outcomes = run_together(8, lambda i: exchange.send_contact_request(me.person, others[i], actor=None).pk)

    assert sorted(kind for kind, _ in outcomes) == ["ExchangeError"] * 5 + ["ok"] * 3
    assert ContactRequest.objects.filter(sender=me.person).count() == 3


def test_two_people_asking_each_other_at_once_make_one_request(edition):
    a, b = _listed(edition), _listed(edition)
    pairs = [(a.person, b), (b.person, a)]

    outcomes = run_together(2, lambda i: exchange.send_contact_request(pairs[i][0], pairs[i][1], actor=None).pk)

    assert sorted(kind for kind, _ in outcomes) == ["ExchangeError", "ok"]
    assert ContactRequest.objects.count() == 1
