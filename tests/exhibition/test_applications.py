"""Booth applications: every transition and refusal, the waiting list in order, the offer on a freed booth, audit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ecoforum.core.models import AuditEntry
from ecoforum.exhibition import applications
from ecoforum.exhibition.applications import ApplicationError
from ecoforum.exhibition.enums import ApplicationStatus, BoothKind, StaffRole
from ecoforum.exhibition.models import BoothApplication

from ..factories import EditionFactory, PersonFactory, UserFactory
from .factories import BoothFactory, ExhibitorFactory, ExhibitorStaffFactory, ZoneFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def member(exhibitor, role=StaffRole.MANAGER):
    user = UserFactory()
    ExhibitorStaffFactory(exhibitor=exhibitor, person=PersonFactory(user=user), role=role)
    return user


@pytest.fixture
def zone(edition):
    return ZoneFactory(edition=edition, code="T", name_en="Technology zone", name_zh_hans="科技展区")


@pytest.fixture
def booth(zone):
    return BoothFactory(edition=zone.edition, zone=zone, code="T-101", area=Decimal("9"))


@pytest.fixture
def exhibitor(edition):
    return ExhibitorFactory(edition=edition, name_en="Qianneng Solar", name_zh_hans="黔能光伏")


@pytest.fixture
def manager(exhibitor):
    return member(exhibitor)


def apply(exhibitor, zone, actor, *, area="9", kind=BoothKind.SHELL):
    return applications.apply_for_booth(exhibitor, zone=zone, kind=kind, area=area, note="near the door", actor=actor)


def actions(obj) -> list[str]:
    return list(AuditEntry.objects.filter(object_id=str(obj.pk)).order_by("pk").values_list("action", flat=True))


# --- applying -----------------------------------------------------------------------------------


def test_apply_with_a_free_booth_is_submitted_and_audited(exhibitor, zone, booth, manager):
    application = apply(exhibitor, zone, manager)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.area == Decimal("9.00")
    assert application.edition_id == exhibitor.edition_id
    entry = AuditEntry.objects.get(object_id=str(application.pk))
    assert entry.action == "exhibition.application.submitted"
    assert entry.actor == manager
    assert entry.data["zone"] == "T"


def test_apply_without_a_fitting_booth_is_waitlisted(exhibitor, zone, booth, manager):
    bigger = apply(exhibitor, zone, manager, area="12")

    assert bigger.status == ApplicationStatus.WAITLISTED
    assert actions(bigger) == ["exhibition.application.waitlisted"]


def test_apply_for_raw_space_where_only_shell_booths_are_is_waitlisted(exhibitor, zone, booth, manager):
    assert apply(exhibitor, zone, manager, kind=BoothKind.RAW).status == ApplicationStatus.WAITLISTED


def test_apply_where_the_only_booth_is_blocked_or_held_is_waitlisted(edition, zone, booth, organizer):
    first = ExhibitorFactory(edition=edition)
    applications.reserve_booth(apply(first, zone, organizer), booth=booth, actor=organizer)
    BoothFactory(edition=edition, zone=zone, code="T-102", is_blocked=True)

    second = apply(ExhibitorFactory(edition=edition), zone, organizer)

    assert second.status == ApplicationStatus.WAITLISTED


def test_apply_twice_for_one_zone_is_refused(exhibitor, zone, booth, manager):
    apply(exhibitor, zone, manager)

    with pytest.raises(ApplicationError) as refused:
        apply(exhibitor, zone, manager)

    assert str(refused.value) == "Qianneng Solar already has an open application for Technology zone."
    assert BoothApplication.objects.filter(exhibitor=exhibitor).count() == 1


def test_apply_again_after_withdrawing_is_allowed(exhibitor, zone, booth, manager):
    applications.withdraw_application(apply(exhibitor, zone, manager), actor=manager)

    again = apply(exhibitor, zone, manager)

    assert again.status == ApplicationStatus.SUBMITTED
    assert BoothApplication.objects.filter(exhibitor=exhibitor).count() == 2


def test_apply_for_a_zone_of_another_edition_is_refused(exhibitor, manager):
    elsewhere = ZoneFactory(edition=EditionFactory(), name_en="Old zone")

    with pytest.raises(ApplicationError) as refused:
        apply(exhibitor, elsewhere, manager)

    assert str(refused.value) == "Old zone is not a zone of the edition Qianneng Solar exhibits at."
    assert BoothApplication.objects.count() == 0


@pytest.mark.parametrize(("area", "message"), [("0", "The area must be more than 0 m²"), ("x", "The area is a number")])
def test_apply_with_a_wrong_area_is_refused(exhibitor, zone, manager, area, message):
    with pytest.raises(ApplicationError) as refused:
        apply(exhibitor, zone, manager, area=area)

    assert str(refused.value).startswith(message)


def test_apply_by_booth_staff_or_a_stranger_is_refused(exhibitor, zone, booth):
    for user in (member(exhibitor, StaffRole.STAFF), UserFactory()):
        with pytest.raises(PermissionDenied) as refused:
            apply(exhibitor, zone, user)
        assert str(refused.value) == "You may not apply for booths for Qianneng Solar."
    assert BoothApplication.objects.count() == 0


def test_apply_by_an_organizer_is_allowed(exhibitor, zone, booth, organizer):
    assert apply(exhibitor, zone, organizer).status == ApplicationStatus.SUBMITTED


# --- reserving and confirming -------------------------------------------------------------------


def test_reserve_holds_the_booth_and_is_audited(exhibitor, zone, booth, manager, organizer):
    application = apply(exhibitor, zone, manager)

    reserved = applications.reserve_booth(application, booth=booth, actor=organizer)

    reserved.refresh_from_db()
    assert (reserved.status, reserved.booth, reserved.decided_by) == (ApplicationStatus.RESERVED, booth, organizer)
    assert reserved.decided is not None
    entry = AuditEntry.objects.filter(action="exhibition.booth.reserved").get()
    assert entry.data == {"status": ["submitted", "reserved"], "booth": "T-101"}


def test_reserve_a_waitlisted_application_is_allowed(exhibitor, zone, booth, manager, organizer):
    application = apply(exhibitor, zone, manager, area="20")

    assert applications.reserve_booth(application, booth=booth, actor=organizer).status == ApplicationStatus.RESERVED


def test_reserve_a_booth_held_by_another_exhibitor_is_refused(edition, exhibitor, zone, booth, manager, organizer):
    holder = ExhibitorFactory(edition=edition, name_en="Guizhou Water")
    applications.reserve_booth(apply(holder, zone, organizer), booth=booth, actor=organizer)
    application = apply(exhibitor, zone, manager)

    with pytest.raises(ApplicationError) as refused:
        applications.reserve_booth(application, booth=booth, actor=organizer)

    assert str(refused.value) == "Booth T-101 is already given to Guizhou Water."
    application.refresh_from_db()
    assert (application.status, application.booth) == (ApplicationStatus.WAITLISTED, None)


def test_reserve_a_booth_of_another_zone_is_refused(edition, exhibitor, zone, booth, manager, organizer):
    other = BoothFactory(edition=edition, code="L-1", zone=ZoneFactory(edition=edition))
    application = apply(exhibitor, zone, manager)

    with pytest.raises(ApplicationError) as refused:
        applications.reserve_booth(application, booth=other, actor=organizer)

    assert str(refused.value) == "Booth L-1 is not in Technology zone."
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_reserve_a_blocked_booth_is_refused(edition, exhibitor, zone, booth, manager, organizer):
    blocked = BoothFactory(edition=edition, zone=zone, code="T-199", is_blocked=True)
    application = apply(exhibitor, zone, manager)

    with pytest.raises(ApplicationError) as refused:
        applications.reserve_booth(application, booth=blocked, actor=organizer)

    assert str(refused.value) == "Booth T-199 is not for allocation."


def test_reserve_by_the_exhibitors_manager_is_refused(exhibitor, zone, booth, manager):
    application = apply(exhibitor, zone, manager)

    with pytest.raises(PermissionDenied):
        applications.reserve_booth(application, booth=booth, actor=manager)

    application.refresh_from_db()
    assert (application.status, application.booth) == (ApplicationStatus.SUBMITTED, None)


def test_reserve_twice_is_refused(edition, exhibitor, zone, booth, manager, organizer):
    application = applications.reserve_booth(apply(exhibitor, zone, manager), booth=booth, actor=organizer)
    second = BoothFactory(edition=edition, zone=zone, code="T-102")

    with pytest.raises(ApplicationError) as refused:
        applications.reserve_booth(application, booth=second, actor=organizer)

    assert str(refused.value) == (
        "The application of Qianneng Solar for Technology zone is at “Booth reserved”; "
        "only a submitted or waitlisted application gets a booth."
    )


def test_confirm_a_reserved_booth(exhibitor, zone, booth, manager, organizer):
    application = applications.reserve_booth(apply(exhibitor, zone, manager), booth=booth, actor=organizer)

    confirmed = applications.confirm_booth(application, actor=organizer)

    confirmed.refresh_from_db()
    assert (confirmed.status, confirmed.booth) == (ApplicationStatus.CONFIRMED, booth)
    assert actions(confirmed)[-1] == "exhibition.booth.confirmed"


def test_confirm_a_submitted_application_is_refused(exhibitor, zone, booth, manager, organizer):
    application = apply(exhibitor, zone, manager)

    with pytest.raises(ApplicationError) as refused:
        applications.confirm_booth(application, actor=organizer)

    assert str(refused.value) == (
        "The application of Qianneng Solar for Technology zone is at “Submitted”; "
        "only a reserved booth can be confirmed."
    )


def test_confirm_by_the_manager_is_refused(exhibitor, zone, booth, manager, organizer):
    application = applications.reserve_booth(apply(exhibitor, zone, manager), booth=booth, actor=organizer)

    with pytest.raises(PermissionDenied):
        applications.confirm_booth(application, actor=manager)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.RESERVED


# --- declining, withdrawing, releasing; the waiting list and the offer ------------------------------------


@pytest.fixture
def queue(edition, zone, booth, organizer):
    """T-101 held by ``holder``; then three waitlisted: too big (20 m²), fits (9 m²), fits (9 m²)."""
    holder = applications.reserve_booth(
        apply(ExhibitorFactory(edition=edition, name_en="Holder"), zone, organizer), booth=booth, actor=organizer
    )
    big = apply(ExhibitorFactory(edition=edition, name_en="Big"), zone, organizer, area="20")
    first = apply(ExhibitorFactory(edition=edition, name_en="First"), zone, organizer)
    second = apply(ExhibitorFactory(edition=edition, name_en="Second"), zone, organizer)
    assert [a.status for a in (big, first, second)] == [ApplicationStatus.WAITLISTED] * 3
    return holder, big, first, second


def test_waiting_list_is_in_order_of_application(zone, queue):
    _holder, big, first, second = queue

    assert list(applications.waiting_list(zone)) == [big, first, second]


def test_withdraw_frees_the_booth_and_offers_it_to_the_first_waitlisted_that_fits(zone, booth, queue):
    holder, big, first, second = queue
    manager = member(holder.exhibitor)

    applications.withdraw_application(holder, actor=manager)

    for application in (holder, big, first, second):
        application.refresh_from_db()
    assert (holder.status, holder.booth) == (ApplicationStatus.WITHDRAWN, None)
    assert big.status == ApplicationStatus.WAITLISTED  # 20 m² does not fit a 9 m² booth
    assert first.status == ApplicationStatus.SUBMITTED  # offered, not reserved
    assert first.booth is None
    assert first.note.endswith("booth T-101 became free; the organizers will reserve it for you.")
    assert second.status == ApplicationStatus.WAITLISTED
    assert list(applications.waiting_list(zone)) == [big, second]
    offered = AuditEntry.objects.get(action="exhibition.application.offered")
    assert (offered.object_id, offered.data["booth"], offered.data["freed_by"]) == (str(first.pk), "T-101", holder.pk)
    assert AuditEntry.objects.get(action="exhibition.application.withdrawn").data == {
        "status": ["reserved", "withdrawn"],
        "booth": "T-101",
    }


def test_withdraw_a_submitted_application_offers_nothing(edition, zone, booth, queue):
    _holder, big, first, second = queue
    free = BoothFactory(edition=edition, zone=zone, code="T-102")
    late = apply(ExhibitorFactory(edition=edition), zone, None)
    assert late.status == ApplicationStatus.SUBMITTED  # T-102 was free
    del free

    applications.withdraw_application(late, actor=None)

    assert list(applications.waiting_list(zone)) == [big, first, second]
    assert not AuditEntry.objects.filter(action="exhibition.application.offered").exists()


def test_decline_a_reserved_application_frees_the_booth_and_offers_it(zone, booth, queue, organizer):
    holder, _big, first, _second = queue

    applications.decline_application(holder, actor=organizer, reason="Too late")

    holder.refresh_from_db()
    first.refresh_from_db()
    assert (holder.status, holder.booth, first.status) == (
        ApplicationStatus.DECLINED,
        None,
        ApplicationStatus.SUBMITTED,
    )
    assert AuditEntry.objects.get(action="exhibition.application.declined").data["reason"] == "Too late"


def test_release_takes_the_booth_back_and_offers_it(zone, booth, queue, organizer):
    holder, _big, first, _second = queue
    applications.confirm_booth(holder, actor=organizer)

    applications.release_booth(holder, actor=organizer)

    holder.refresh_from_db()
    first.refresh_from_db()
    assert (holder.status, holder.booth) == (ApplicationStatus.SUBMITTED, None)
    assert first.status == ApplicationStatus.SUBMITTED
    assert AuditEntry.objects.get(action="exhibition.booth.released").data == {
        "status": ["confirmed", "submitted"],
        "booth": "T-101",
    }


def test_offered_application_can_then_be_reserved(zone, booth, queue, organizer):
    holder, _big, first, _second = queue
    applications.withdraw_application(holder, actor=organizer)

    reserved = applications.reserve_booth(first, booth=booth, actor=organizer)

    assert (reserved.status, reserved.booth) == (ApplicationStatus.RESERVED, booth)


def test_release_an_application_without_a_booth_is_refused(exhibitor, zone, booth, manager, organizer):
    application = apply(exhibitor, zone, manager)

    with pytest.raises(ApplicationError) as refused:
        applications.release_booth(application, actor=organizer)

    assert str(refused.value) == "The application of Qianneng Solar for Technology zone holds no booth."


def test_withdraw_twice_is_refused(exhibitor, zone, booth, manager):
    application = applications.withdraw_application(apply(exhibitor, zone, manager), actor=manager)

    with pytest.raises(ApplicationError) as refused:
        applications.withdraw_application(application, actor=manager)

    assert str(refused.value) == "The application of Qianneng Solar for Technology zone is already “Withdrawn”."


def test_decline_a_declined_application_is_refused(exhibitor, zone, booth, manager, organizer):
    application = applications.decline_application(apply(exhibitor, zone, manager), actor=organizer)

    with pytest.raises(ApplicationError):
        applications.decline_application(application, actor=organizer)


def test_withdraw_by_booth_staff_or_another_exhibitors_manager_is_refused(edition, exhibitor, zone, booth, manager):
    application = apply(exhibitor, zone, manager)
    other_manager = member(ExhibitorFactory(edition=edition))

    for user in (member(exhibitor, StaffRole.STAFF), other_manager):
        with pytest.raises(PermissionDenied):
            applications.withdraw_application(application, actor=user)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_decline_by_the_manager_is_refused(exhibitor, zone, booth, manager):
    application = apply(exhibitor, zone, manager)

    with pytest.raises(PermissionDenied):
        applications.decline_application(application, actor=manager)


def test_zone_counts_count_free_reserved_confirmed_blocked_and_waiting(edition, zone, booth, queue, organizer):
    BoothFactory(edition=edition, zone=zone, code="T-102", area=Decimal("36"))
    BoothFactory(edition=edition, zone=zone, code="T-103", is_blocked=True)
    other = BoothFactory(edition=edition, zone=zone, code="T-104")
    confirmed = applications.reserve_booth(queue[2], booth=other, actor=organizer)
    applications.confirm_booth(confirmed, actor=organizer)

    [counts] = applications.zone_counts(edition)

    assert (counts.booths, counts.free, counts.reserved, counts.confirmed, counts.blocked, counts.waiting) == (
        4,
        1,
        1,
        1,
        1,
        2,
    )
