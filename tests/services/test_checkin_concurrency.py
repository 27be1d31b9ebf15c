"""Gates scanning at once never double count (PostgreSQL only).

Each gate is a thread with its own database connection; a barrier starts them together.
The check-in's insert runs in a savepoint and the ``check_in_once_a_day`` constraint
decides: exactly one gate admits a badge, every other one answers "repeat" naming the
winner. The same scan id sent by two clients at once (a queue synced twice) is one scan.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from django.db import connections

from ecoforum.services import badges, checkin
from ecoforum.services.models import CheckIn, Scan

from .factories import GateFactory, GuestCategoryFactory, RegistrationFactory, edition_day

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

GATES = 8


def _run(clients: int, work) -> list[tuple[str, object]]:
    barrier = threading.Barrier(clients)
    outcomes: list[tuple[str, object]] = [("not run", None)] * clients

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", work(i))
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_eight_gates_scanning_one_badge_at_once_admit_it_once(edition):
    gates = [GateFactory(edition=edition, code=f"g{i}") for i in range(GATES)]
    registration = RegistrationFactory(edition=edition, form__category=GuestCategoryFactory(edition=edition))
    token = badges.badge_token(registration)
    when = edition_day(edition, 0, 9)

    outcomes = _run(GATES, lambda i: checkin.scan(edition, gates[i], token, scan_id=uuid.uuid4(), scanned_at=when))

    assert [kind for kind, _answer in outcomes] == ["ok"] * GATES
    answers = [answer for _kind, answer in outcomes]
    assert Counter(answer.result for answer in answers) == Counter({"admitted": 1, "repeat": GATES - 1})
    winner = next(answer for answer in answers if answer.result == "admitted")
    assert {answer.first_gate for answer in answers if answer.result == "repeat"} == {winner.gate}
    assert CheckIn.objects.count() == 1
    assert CheckIn.objects.get().gate == winner.gate
    assert Scan.objects.count() == GATES


def test_one_scan_id_sent_by_eight_clients_at_once_is_one_scan(edition):
    gate = GateFactory(edition=edition)
    registration = RegistrationFactory(edition=edition, form__category=GuestCategoryFactory(edition=edition))
    token = badges.badge_token(registration)
    scan_id = uuid.uuid4()
    when = edition_day(edition, 0, 9)

    outcomes = _run(GATES, lambda i: checkin.scan(edition, gate, token, scan_id=scan_id, scanned_at=when))

    assert [kind for kind, _answer in outcomes] == ["ok"] * GATES
    assert {answer.result for _kind, answer in outcomes} == {"admitted"}
    assert sorted(answer.replayed for _kind, answer in outcomes) == [False] + [True] * (GATES - 1)
    assert (Scan.objects.count(), CheckIn.objects.count()) == (1, 1)


def test_eight_gates_scanning_many_badges_with_repeats_count_each_badge_once(edition):
    gates = [GateFactory(edition=edition, code=f"g{i}") for i in range(GATES)]
    category = GuestCategoryFactory(edition=edition)
    tokens = [badges.badge_token(RegistrationFactory(edition=edition, form__category=category)) for _ in range(24)]
    when = edition_day(edition, 0, 9)

    def gate_work(i: int) -> Counter:
        results: Counter = Counter()
        for token in tokens[i % 3 :] + tokens[: i % 3]:  # every gate scans every badge, in a shifted order
            results[checkin.scan(edition, gates[i], token, scan_id=uuid.uuid4(), scanned_at=when).result] += 1
        return results

    outcomes = _run(GATES, gate_work)

    assert [kind for kind, _counts in outcomes] == ["ok"] * GATES
    total: Counter = sum((counts for _kind, counts in outcomes), Counter())
    assert total == Counter({"admitted": len(tokens), "repeat": len(tokens) * (GATES - 1)})
    assert CheckIn.objects.count() == len(tokens)
    assert Scan.objects.count() == len(tokens) * GATES
