"""A booth is held once when many clients allocate, apply and withdraw at once (PostgreSQL only).

Each client is a thread with its own database connection; a barrier starts them together.
``reserve_booth`` locks the booth row before it checks, so every organizer but one sees the
winner's write and gets a clean ApplicationError naming the booth and its holder (or Busy when
the lock wait runs out); the partial unique constraint ``booth_held_once`` refuses a second
holder even to code that skips the services. Every test asserts exact counts.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connections
from django.utils import translation

from ecoforum.exhibition import applications, exhibitors
from ecoforum.exhibition.enums import ApplicationStatus, StaffRole
from ecoforum.exhibition.models import HOLDING, BoothApplication

from ..factories import CommitteeMemberFactory, PersonFactory, UserFactory
from .factories import BoothFactory, ExhibitorFactory, ExhibitorStaffFactory, ZoneFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 12


def at_once(clients: int, work: Callable[[int], Any]) -> list[tuple[str, str]]:
    """Run ``work(0)`` … ``work(clients - 1)`` in threads released together; each outcome is
    ``("ok", "")`` or the exception's class name and message."""
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


def kinds(outcomes: list[tuple[str, str]]) -> Counter:
    return Counter(kind for kind, _message in outcomes)


def organizers(edition, count: int) -> list:
    users = [UserFactory() for _ in range(count)]
    for user in users:
        CommitteeMemberFactory(edition=edition, user=user, role="organizer")
    return users


def manager_of(exhibitor):
    user = UserFactory()
    ExhibitorStaffFactory(exhibitor=exhibitor, person=PersonFactory(user=user), role=StaffRole.MANAGER)
    return user


def assert_every_booth_held_at_most_once(edition) -> None:
    held = list(BoothApplication.objects.filter(edition=edition, status__in=HOLDING).values_list("booth_id", flat=True))
    assert None not in held
    assert len(held) == len(set(held))


@pytest.fixture
def zone(edition):
    return ZoneFactory(edition=edition, name_en="Technology zone")


def test_many_organizers_reserving_one_booth_for_different_applications_succeed_once(edition, zone):
    booth = BoothFactory(edition=edition, zone=zone, code="T-101", area=Decimal("9"))
    desk = organizers(edition, CLIENTS)
    queue = [
        applications.apply_for_booth(
            ExhibitorFactory(edition=edition, name_en=f"Exhibitor {i:02d}"), zone=zone, kind="shell", area=9, actor=None
        )
        for i in range(CLIENTS)
    ]

    outcomes = at_once(CLIENTS, lambda i: applications.reserve_booth(queue[i], booth=booth, actor=desk[i]))

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["ApplicationError"] + counts["Busy"] == CLIENTS - 1
    assert "IntegrityError" not in counts
    winner = BoothApplication.objects.select_related("exhibitor").get(booth=booth, status__in=HOLDING)
    assert [m for kind, m in outcomes if kind == "ApplicationError"] == [
        f"Booth T-101 is already given to {winner.exhibitor.name_en}."
    ] * counts["ApplicationError"]
    assert outcomes[queue.index(winner)] == ("ok", "")
    assert BoothApplication.objects.filter(edition=edition, status=ApplicationStatus.RESERVED).count() == 1
    assert_every_booth_held_at_most_once(edition)


def test_reserving_one_application_into_many_booths_at_once_holds_one(edition, zone):
    booths = [BoothFactory(edition=edition, zone=zone, code=f"T-{i:03d}") for i in range(CLIENTS)]
    desk = organizers(edition, CLIENTS)
    application = applications.apply_for_booth(
        ExhibitorFactory(edition=edition), zone=zone, kind="shell", area=9, actor=None
    )

    outcomes = at_once(CLIENTS, lambda i: applications.reserve_booth(application, booth=booths[i], actor=desk[i]))

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["ApplicationError"] + counts["Busy"] == CLIENTS - 1
    application.refresh_from_db()
    assert application.status == ApplicationStatus.RESERVED
    assert_every_booth_held_at_most_once(edition)


def test_applying_withdrawing_and_reserving_at_once_never_leave_two_holders(edition, zone):
    """Half the exhibitors withdraw their reserved booths while the others apply and organizers reserve the freed
    booths for the waitlisted; then each booth has at most one holder and every offer went to a waitlisted one."""
    half = CLIENTS // 2
    booths = [BoothFactory(edition=edition, zone=zone, code=f"T-{i:03d}") for i in range(half)]
    desk = organizers(edition, CLIENTS)
    holders = []
    for i, booth in enumerate(booths):
        exhibitor = ExhibitorFactory(edition=edition, name_en=f"Holder {i}")
        application = applications.apply_for_booth(exhibitor, zone=zone, kind="shell", area=9, actor=None)
        holders.append((manager_of(exhibitor), applications.reserve_booth(application, booth=booth, actor=desk[0])))
    waitlisted = [
        applications.apply_for_booth(
            ExhibitorFactory(edition=edition, name_en=f"Waiting {i}"), zone=zone, kind="shell", area=9, actor=None
        )
        for i in range(half)
    ]
    assert {a.status for a in waitlisted} == {ApplicationStatus.WAITLISTED}
    newcomers = [ExhibitorFactory(edition=edition, name_en=f"Newcomer {i}") for i in range(half)]

    def work(i: int) -> None:
        if i < half:
            user, application = holders[i]
            applications.withdraw_application(application, actor=user)
        else:
            j = i - half
            applications.apply_for_booth(newcomers[j], zone=zone, kind="shell", area=9, actor=None)
            # Then grab any booth for any waiting application: collisions are expected, double holders never.
            applications.reserve_booth(waitlisted[j], booth=booths[(j * 7) % half], actor=desk[i])

    outcomes = at_once(CLIENTS, work)

    assert set(kinds(outcomes)) <= {"ok", "ApplicationError", "Busy"}
    assert outcomes[:half] == [("ok", "")] * half  # every withdrawal went through
    assert_every_booth_held_at_most_once(edition)
    assert BoothApplication.objects.filter(edition=edition, exhibitor__in=newcomers).count() == half
    for _user, application in holders:
        application.refresh_from_db()
        assert (application.status, application.booth) == (ApplicationStatus.WITHDRAWN, None)
    held = BoothApplication.objects.filter(edition=edition, status__in=HOLDING).count()
    assert held <= half
    assert held == kinds(outcomes[half:])["ok"]


def test_the_constraint_holds_when_many_clients_skip_the_services(edition, zone):
    booth = BoothFactory(edition=edition, zone=zone)
    queue = [
        applications.apply_for_booth(ExhibitorFactory(edition=edition), zone=zone, kind="shell", area=9, actor=None)
        for _ in range(CLIENTS)
    ]

    def grab(i: int) -> None:
        BoothApplication.objects.filter(pk=queue[i].pk).update(status=ApplicationStatus.RESERVED, booth=booth)

    outcomes = at_once(CLIENTS, grab)

    assert kinds(outcomes) == Counter({"ok": 1, "IntegrityError": CLIENTS - 1})
    assert_every_booth_held_at_most_once(edition)


def test_one_exhibitor_applying_for_one_zone_from_many_clients_gets_one_application(edition, zone):
    BoothFactory(edition=edition, zone=zone)
    exhibitor = ExhibitorFactory(edition=edition, name_en="Qianneng Solar")
    managers = [manager_of(exhibitor) for _ in range(CLIENTS)]

    outcomes = at_once(
        CLIENTS,
        lambda i: applications.apply_for_booth(exhibitor, zone=zone, kind="shell", area=9, actor=managers[i]),
    )

    counts = kinds(outcomes)
    assert counts["ok"] == 1
    assert counts["ApplicationError"] + counts["Busy"] == CLIENTS - 1
    assert [m for kind, m in outcomes if kind == "ApplicationError"] == [
        "Qianneng Solar already has an open application for Technology zone."
    ] * counts["ApplicationError"]
    assert BoothApplication.objects.filter(exhibitor=exhibitor).count() == 1


def test_many_clients_adding_badged_staff_at_once_never_pass_the_quota(edition):
    exhibitor = ExhibitorFactory(edition=edition, name_en="Qianneng Solar", badge_quota=4)
    manager = manager_of(exhibitor)  # uses one badge

    outcomes = at_once(CLIENTS, lambda i: exhibitors.add_staff(exhibitor, actor=manager, name=f"Helper {i}"))

    counts = kinds(outcomes)
    assert counts["ok"] == 3
    assert counts["ExhibitorError"] + counts["Busy"] == CLIENTS - 3
    assert exhibitor.staff.filter(needs_badge=True).count() == 4
