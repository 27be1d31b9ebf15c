"""Meeting requests hold when many clients act at once (PostgreSQL only).

Each client is a thread with its own connection, released together by a barrier.
Answers lock the request row first, so only one answer wins; the partial unique
index ``meeting_request_one_open_per_pair`` lets only one open request per pair in.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.core.models import AuditEntry
from ecoforum.investment import requests
from ecoforum.investment.models import MeetingRequest

from ..factories import PersonFactory, UserFactory
from .factories import InvestmentProjectFactory, InvestorFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 8


def at_once(clients: int, work: Callable[[int], Any]) -> Counter:
    barrier = threading.Barrier(clients)
    outcomes: list[str] = ["not run"] * clients

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                work(i)
            outcomes[i] = "ok"
        except Exception as exc:
            outcomes[i] = type(exc).__name__
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return Counter(outcomes)


@pytest.fixture
def pair(edition):
    investor = InvestorFactory()
    project = InvestmentProjectFactory(edition=edition)
    investor_user, owner_user = UserFactory(), UserFactory()
    return {
        "investor": investor,
        "project": project,
        "investor_person": PersonFactory(user=investor_user, organization=investor.organization),
        "owner_person": PersonFactory(user=owner_user, organization=project.owner),
        "investor_user": investor_user,
        "owner_user": owner_user,
    }


def test_only_one_of_many_simultaneous_answers_wins(pair):
    request = requests.send_request(
        investor=pair["investor"],
        project=pair["project"],
        investor_person=pair["investor_person"],
        owner_person=pair["owner_person"],
        requested_by="investor",
        priority=2,
        message="",
        actor=None,
    )

    def answer(i: int) -> None:
        copy = MeetingRequest.objects.get(pk=request.pk)
        service = requests.accept_request if i % 2 else requests.decline_request
        service(copy, actor=pair["owner_user"])

    outcomes = at_once(CLIENTS, answer)
    answers = AuditEntry.objects.filter(
        object_id=str(request.pk), action__in=["investment.request.accepted", "investment.request.declined"]
    )
    assert outcomes == Counter({"ok": 1, "RequestError": CLIENTS - 1})
    assert answers.count() == 1


def test_only_one_of_many_simultaneous_requests_for_a_pair_is_kept(pair):
    def send(i: int) -> None:
        requests.send_request(
            investor=pair["investor"],
            project=pair["project"],
            investor_person=pair["investor_person"],
            owner_person=pair["owner_person"],
            requested_by="investor" if i % 2 else "owner",
            priority=2,
            message=f"client {i}",
            actor=pair["investor_user"] if i % 2 else pair["owner_user"],
        )

    outcomes = at_once(CLIENTS, send)
    assert outcomes == Counter({"ok": 1, "RequestError": CLIENTS - 1})
    assert MeetingRequest.objects.filter(investor=pair["investor"], project=pair["project"]).count() == 1
