"""Letters issued at once get distinct, consecutive numbers (PostgreSQL only).

Each client is a thread with its own connection; a barrier starts them together. ``issue_letter``
locks the edition's row before it reads ``max(sequence)``, so the issuers are served one after the
other: every one gets a letter, the numbers are 1..N with no gap and no repeat.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from ecoforum.cooperation import letters
from ecoforum.cooperation.models import InvitationLetter

from ..services.factories import RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 12


def test_twelve_letters_issued_at_once_are_numbered_one_to_twelve(edition):
    people = [RegistrationFactory(edition=edition).person for _ in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[str] = ["not run"] * CLIENTS

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = letters.issue_letter(edition, person=people[i]).number
        except Exception as exc:
            outcomes[i] = f"{type(exc).__name__}: {exc}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)

    expected = [f"EFGG-2023-{n:04d}" for n in range(1, CLIENTS + 1)]
    assert sorted(outcomes) == expected
    assert list(InvitationLetter.objects.order_by("sequence").values_list("sequence", flat=True)) == list(
        range(1, CLIENTS + 1)
    )
