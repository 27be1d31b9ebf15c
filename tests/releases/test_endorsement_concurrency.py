"""One address signs a release once, even when the same signature arrives many times at once (PostgreSQL only).

Each client is a thread with its own database connection; a barrier starts them together. The
``endorsement_one_per_address`` constraint lets one insert through; every other client gets a clean
AlreadySigned, never a 500. Confirming at once from many clients confirms once.
"""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.core.models import AuditEntry
from ecoforum.releases import services
from ecoforum.releases.models import Endorsement

from .factories_releases import EndorsementFactory, InitiativeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 12


def run(target) -> list[tuple[str, str]]:
    barrier = threading.Barrier(CLIENTS)
    outcomes: list[tuple[str, str]] = [("not run", "")] * CLIENTS

    def client(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                target(i)
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
    return outcomes


def test_same_address_signing_at_once_gives_one_signature(edition):
    release = InitiativeFactory(edition=edition)

    outcomes = run(lambda i: services.sign(release, name=f"Signer {i}", email="same@example.org", client=f"client-{i}"))

    assert Counter(kind for kind, _ in outcomes) == Counter({"ok": 1, "AlreadySigned": CLIENTS - 1})
    assert Endorsement.objects.filter(release=release).count() == 1


def test_confirming_at_once_confirms_once(edition):
    endorsement = EndorsementFactory(release=InitiativeFactory(edition=edition), confirmed_at=None)
    release = endorsement.release

    outcomes = run(lambda i: services.confirm(release, endorsement.token))

    assert Counter(kind for kind, _ in outcomes) == Counter({"ok": CLIENTS})
    endorsement.refresh_from_db()
    assert endorsement.confirmed_at is not None
    assert AuditEntry.objects.filter(action="releases.endorsement.confirmed").count() == 1
