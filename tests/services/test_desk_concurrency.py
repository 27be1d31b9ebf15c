"""Two desks at once (PostgreSQL only): overlapping bulk approvals approve each registration once, and
invitation codes made at the same time never collide.

Each desk is a thread with its own connection; a barrier starts them together. ``registration.approve``
locks the category then the registration, ``desk.generate_codes`` locks the form.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from ecoforum.core.models import AuditEntry
from ecoforum.services import desk
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import InvitationCode, Registration

from ..factories import UserFactory
from .factories import RegistrationFactory, RegistrationFormFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

DESKS = 4


def run_together(work) -> list[tuple[str, object]]:
    barrier = threading.Barrier(DESKS)
    outcomes: list[tuple[str, object]] = [("not run", None)] * DESKS

    def desk_thread(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[i] = ("ok", work(i))
        except Exception as exc:
            outcomes[i] = (type(exc).__name__, str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk_thread, args=(i,)) for i in range(DESKS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def test_overlapping_bulk_approvals_approve_each_once(edition):
    form = RegistrationFormFactory(edition=edition)
    pending = [RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.PENDING) for _ in range(6)]
    references = [r.reference for r in pending]
    users = [UserFactory() for _ in range(DESKS)]

    outcomes = run_together(lambda i: desk.approve_many(edition, references[i : i + 3], actor=users[i]))

    assert [kind for kind, _result in outcomes] == ["ok"] * DESKS
    assert all(not result.failed for _kind, result in outcomes)
    assert AuditEntry.objects.filter(action="services.registration.approved").count() == 6
    statuses = set(Registration.objects.filter(pk__in=[r.pk for r in pending]).values_list("status", flat=True))
    assert statuses == {RegistrationStatus.APPROVED}


def test_codes_made_at_once_for_one_form_never_collide(edition, monkeypatch):
    form = RegistrationFormFactory(edition=edition)
    # A tiny alphabet makes collisions likely if the form were not locked.
    monkeypatch.setattr(desk, "CODE_ALPHABET", "AB")
    monkeypatch.setattr(desk, "CODE_LENGTH", 6)
    user = UserFactory()

    outcomes = run_together(lambda i: len(desk.generate_codes(form, 10, actor=user, note=f"desk {i}")))

    assert outcomes == [("ok", 10)] * DESKS
    codes = list(InvitationCode.objects.filter(form=form).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 40
