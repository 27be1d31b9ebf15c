"""Outcome codes are numbered without gaps or duplicates, and a signing is followed once, under concurrency
(PostgreSQL only). Each client is a thread with its own connection; a barrier starts them together."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.outcomes import services
from ecoforum.outcomes.models import Outcome, Stage

from ..investment.factories import InvestmentProjectFactory, SigningFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run(clients: int, target) -> list[tuple[str, str]]:
    barrier = threading.Barrier(clients)
    results: list[tuple[str, str]] = [("not run", "")] * clients

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                target(i)
            results[i] = ("ok", "")
        except Exception as exc:
            results[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_ten_signings_followed_at_once_are_numbered_001_to_010(edition):
    signings = [SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition)) for _ in range(10)]

    results = run(10, lambda i: services.follow_signing(signings[i], actor=None))

    assert Counter(kind for kind, _ in results) == Counter({"ok": 10})
    assert sorted(Outcome.objects.filter(edition=edition).values_list("code", flat=True)) == [
        f"CG-2023-{n:03d}" for n in range(1, 11)
    ]
    assert Stage.objects.filter(outcome__edition=edition).count() == 40


def test_the_same_signing_followed_from_six_clients_gives_one_outcome(edition):
    signing = SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition), title_en="Solar")

    results = run(6, lambda i: services.follow_signing(signing, actor=None))

    assert Counter(kind for kind, _ in results) == Counter({"ok": 1, "AlreadyFollowed": 5})
    assert sorted({message for kind, message in results if kind == "AlreadyFollowed"}) == [
        "The signing «Solar» is already followed as outcome CG-2023-001."
    ]
    assert list(Outcome.objects.values_list("code", flat=True)) == ["CG-2023-001"]


def test_reminders_sent_from_two_processes_at_once_go_once(edition):
    import datetime as dt

    from django.core import mail

    from ecoforum.outcomes.models import Reminder

    from ..factories import PersonFactory
    from .factories import OutcomeFactory, StageFactory

    outcome = OutcomeFactory(edition=edition, code="CG-2023-001")
    outcome.contacts.add(PersonFactory(email="wang@example.cn"))
    StageFactory(outcome=outcome, planned_on=dt.date(2024, 6, 30))

    results = run(4, lambda i: services.send_reminders(today=dt.date(2024, 7, 1)))

    assert Counter(kind for kind, _ in results) == Counter({"ok": 4})
    assert (Reminder.objects.count(), len(mail.outbox)) == (1, 1)
