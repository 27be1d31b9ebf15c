"""Meeting requests: sending, every answer, withdrawing, duplicates, expiry (also lazy, and at the boundary)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from ecoforum.core.models import AuditEntry
from ecoforum.investment import requests
from ecoforum.investment.exceptions import RequestError
from ecoforum.investment.models import Meeting, MeetingRequest, MeetingSlot, NegotiationTable

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from .factories import InvestmentProjectFactory, InvestorFactory, MeetingRequestFactory


@pytest.fixture
def investor(db):
    return InvestorFactory(organization=OrganizationFactory(name_en="Green Capital", name_zh_hans="绿色资本"))


@pytest.fixture
def project(edition):
    return InvestmentProjectFactory(edition=edition, code="GZ-001")


@pytest.fixture
def investor_user(investor):
    user = UserFactory()
    PersonFactory(user=user, organization=investor.organization, name_en="Li Investor")
    return user


@pytest.fixture
def owner_user(project):
    user = UserFactory()
    PersonFactory(user=user, organization=project.owner, name_en="Wang Owner")
    return user


@pytest.fixture
def stranger(db):
    user = UserFactory()
    PersonFactory(user=user, organization=OrganizationFactory())
    return user


def send(investor, project, actor, *, side="investor", **extra):
    values = {
        "investor": investor,
        "project": project,
        "investor_person": investor.organization.people.order_by("pk").first()
        or PersonFactory(organization=investor.organization),
        "owner_person": project.owner.people.order_by("pk").first() or PersonFactory(organization=project.owner),
        "requested_by": side,
        "priority": 2,
        "message": "Let us talk about the boilers.",
        "actor": actor,
    }
    values.update(extra)
    return requests.send_request(**values)


def actions(request) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_id=str(request.pk), action__startswith="investment.request.")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def fresh(request) -> MeetingRequest:
    return MeetingRequest.objects.get(pk=request.pk)


# --- sending ----------------------------------------------------------------------


def test_investor_sends_a_request_open_for_three_days(investor, project, investor_user, owner_user):
    before = timezone.now()
    request = send(investor, project, investor_user)
    request = fresh(request)
    assert (request.status, request.requested_by, request.edition_id, request.message) == (
        "pending",
        "investor",
        project.edition_id,
        "Let us talk about the boilers.",
    )
    assert before + dt.timedelta(days=3) <= request.expires_at <= timezone.now() + dt.timedelta(days=3)
    assert actions(request) == ["investment.request.sent"]


def test_owner_sends_a_request(investor, project, investor_user, owner_user):
    request = send(investor, project, owner_user, side="owner")
    assert (fresh(request).requested_by, fresh(request).status) == ("owner", "pending")


def test_a_contact_person_of_another_organization_acts_for_the_investor(investor, project, owner_user):
    user = UserFactory()
    contact = PersonFactory(user=user, organization=OrganizationFactory())
    investor.contacts.add(contact)
    request = send(investor, project, user, investor_person=contact)
    assert fresh(request).investor_person_id == contact.pk


def test_organizer_may_ask_for_either_side(investor, project, organizer, investor_user, owner_user):
    request = send(investor, project, organizer, side="owner")
    assert fresh(request).requested_by == "owner"


def test_stranger_may_not_ask_for_the_investor(investor, project, stranger, investor_user, owner_user, english):
    with pytest.raises(PermissionDenied, match=r"You may not ask for meetings on behalf of Green Capital\."):
        send(investor, project, stranger)
    assert MeetingRequest.objects.count() == 0


def test_investor_may_not_ask_as_the_project_owner(investor, project, investor_user, owner_user):
    with pytest.raises(PermissionDenied):
        send(investor, project, investor_user, side="owner")
    assert MeetingRequest.objects.count() == 0


def test_project_of_another_edition_is_refused(investor, project, investor_user, owner_user, english):
    other = EditionFactory()
    with pytest.raises(RequestError, match=f"Project GZ-001 is not part of {other}."):
        send(investor, project, investor_user, edition=other)
    assert MeetingRequest.objects.count() == 0


def test_duplicate_open_request_is_refused_with_a_clear_message(investor, project, investor_user, owner_user, english):
    send(investor, project, investor_user)
    with pytest.raises(RequestError) as error:
        send(investor, project, owner_user, side="owner")
    assert error.value.message == "There is already an open meeting request between Green Capital and project GZ-001."
    assert MeetingRequest.objects.count() == 1


def test_after_a_decline_the_pair_may_ask_again(investor, project, investor_user, owner_user):
    first = send(investor, project, investor_user)
    requests.decline_request(first, actor=owner_user)
    second = send(investor, project, investor_user)
    assert sorted(MeetingRequest.objects.values_list("pk", "status")) == [
        (first.pk, "declined"),
        (second.pk, "pending"),
    ]


def test_the_same_person_on_both_sides_is_refused(investor, project, investor_user, owner_user, english):
    both = PersonFactory(organization=investor.organization, name_en="Zhao Both")
    with pytest.raises(RequestError, match="Zhao Both cannot meet themselves"):
        send(investor, project, None, investor_person=both, owner_person=both)


def test_a_person_of_another_organization_cannot_speak_for_the_investor(investor, project, owner_user, english):
    outsider = PersonFactory(organization=OrganizationFactory(), name_en="Outsider")
    with pytest.raises(RequestError, match=r"Outsider does not speak for Green Capital\."):
        send(investor, project, None, investor_person=outsider)


def test_priority_outside_one_to_three_is_refused(investor, project, owner_user):
    with pytest.raises(RequestError):
        send(investor, project, None, priority=4)


# --- answering ---------------------------------------------------------------------


@pytest.fixture
def pending(investor, project, investor_user, owner_user):
    return send(investor, project, investor_user)


def test_asked_side_accepts(pending, owner_user):
    requests.accept_request(pending, actor=owner_user, note="Gladly")
    request = fresh(pending)
    assert (request.status, request.answer_note, request.answered_at is not None) == ("accepted", "Gladly", True)
    assert actions(request) == ["investment.request.sent", "investment.request.accepted"]


def test_asked_side_declines(pending, owner_user):
    requests.decline_request(pending, actor=owner_user, note="Not this year")
    assert (fresh(pending).status, actions(pending)[-1]) == ("declined", "investment.request.declined")


def test_asking_side_may_not_answer_its_own_request(pending, investor_user):
    with pytest.raises(PermissionDenied):
        requests.accept_request(pending, actor=investor_user)
    assert fresh(pending).status == "pending"


def test_stranger_may_not_answer(pending, stranger, organizer):
    for actor in (stranger, organizer):
        with pytest.raises(PermissionDenied):
            requests.decline_request(pending, actor=actor)
    assert fresh(pending).status == "pending"


def test_an_owner_request_is_answered_by_the_investor(investor, project, investor_user, owner_user):
    request = send(investor, project, owner_user, side="owner")
    with pytest.raises(PermissionDenied):
        requests.accept_request(request, actor=owner_user)
    requests.accept_request(request, actor=investor_user)
    assert fresh(request).status == "accepted"


def test_double_answer_loses_with_a_clear_message(pending, owner_user, english):
    requests.accept_request(pending, actor=owner_user)
    with pytest.raises(RequestError) as error:
        requests.decline_request(pending, actor=owner_user)
    assert error.value.message == (
        "the request between Green Capital and project GZ-001 can no longer be answered: it is Accepted."
    )
    assert (fresh(pending).status, actions(pending)) == (
        "accepted",
        ["investment.request.sent", "investment.request.accepted"],
    )


def test_a_stale_copy_cannot_answer_twice(pending, owner_user):
    copy = MeetingRequest.objects.get(pk=pending.pk)
    requests.decline_request(pending, actor=owner_user)
    with pytest.raises(RequestError):
        requests.accept_request(copy, actor=owner_user)
    assert fresh(pending).status == "declined"


# --- withdrawing ----------------------------------------------------------------------


def test_asking_side_withdraws_a_pending_request(pending, investor_user):
    requests.withdraw_request(pending, actor=investor_user)
    assert (fresh(pending).status, actions(pending)[-1]) == ("withdrawn", "investment.request.withdrawn")


def test_asking_side_withdraws_an_accepted_request(pending, investor_user, owner_user):
    requests.accept_request(pending, actor=owner_user)
    requests.withdraw_request(pending, actor=investor_user)
    assert fresh(pending).status == "withdrawn"


def test_asked_side_may_not_withdraw(pending, owner_user):
    with pytest.raises(PermissionDenied):
        requests.withdraw_request(pending, actor=owner_user)
    assert fresh(pending).status == "pending"


def test_withdrawing_twice_is_refused(pending, investor_user, english):
    requests.withdraw_request(pending, actor=investor_user)
    with pytest.raises(RequestError, match=r"can no longer be withdrawn: it is Withdrawn\."):
        requests.withdraw_request(pending, actor=investor_user)


def test_a_scheduled_meeting_cannot_be_withdrawn_from_the_portal(pending, investor_user, owner_user, edition):
    requests.accept_request(pending, actor=owner_user)
    start = timezone.now() + dt.timedelta(days=10)
    slot = MeetingSlot.objects.create(
        edition=edition, code="d1-01", starts_at=start, ends_at=start + dt.timedelta(minutes=20)
    )
    table = NegotiationTable.objects.create(edition=edition, number=1)
    Meeting.objects.create(edition=edition, request=pending, slot=slot, table=table)
    with pytest.raises(RequestError):
        requests.withdraw_request(pending, actor=investor_user)
    assert fresh(pending).status == "accepted"


# --- expiry ----------------------------------------------------------------------------


def at_clock(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


def test_expire_overdue_at_the_boundary(pending, edition):
    expires_at = fresh(pending).expires_at
    assert requests.expire_overdue(edition, now=expires_at - dt.timedelta(microseconds=1)) == 0
    assert fresh(pending).status == "pending"
    assert requests.expire_overdue(edition, now=expires_at) == 1
    assert (fresh(pending).status, actions(pending)[-1]) == ("expired", "investment.request.expired")
    assert requests.expire_overdue(edition, now=expires_at) == 0


def test_expire_overdue_leaves_other_editions_and_answered_requests(pending, owner_user, edition):
    other = MeetingRequestFactory(expires_at=timezone.now() - dt.timedelta(days=1))
    answered = MeetingRequestFactory(edition=edition, status="accepted", expires_at=timezone.now() - dt.timedelta(1))
    assert requests.expire_overdue(edition, now=timezone.now() + dt.timedelta(days=4)) == 1
    assert (fresh(pending).status, fresh(other).status, fresh(answered).status) == ("expired", "pending", "accepted")


def test_answering_just_before_expiry_works(pending, owner_user):
    expires_at = fresh(pending).expires_at
    with at_clock(expires_at - dt.timedelta(microseconds=1)):
        requests.accept_request(pending, actor=owner_user)
    assert fresh(pending).status == "accepted"


def test_answering_at_expiry_refuses_and_marks_it_expired(pending, owner_user, english):
    expires_at = fresh(pending).expires_at
    with at_clock(expires_at), pytest.raises(RequestError) as error:
        requests.accept_request(pending, actor=owner_user)
    assert error.value.message == (
        "the request between Green Capital and project GZ-001 has expired; it can no longer be answered."
    )
    assert (fresh(pending).status, fresh(pending).answered_at, actions(pending)[-1]) == (
        "expired",
        None,
        "investment.request.expired",
    )


def test_answering_an_expired_request_is_refused(pending, owner_user, edition):
    requests.expire_overdue(edition, now=timezone.now() + dt.timedelta(days=4))
    with pytest.raises(RequestError):
        requests.decline_request(pending, actor=owner_user)
    assert fresh(pending).status == "expired"


def test_withdrawing_an_overdue_request_refuses_and_marks_it_expired(pending, investor_user):
    with at_clock(timezone.now() + dt.timedelta(days=5)), pytest.raises(RequestError):
        requests.withdraw_request(pending, actor=investor_user)
    assert fresh(pending).status == "expired"


def test_an_overdue_request_does_not_block_a_new_one(pending, investor, project, investor_user):
    with at_clock(timezone.now() + dt.timedelta(days=5)):
        again = send(investor, project, investor_user)
    assert sorted(MeetingRequest.objects.values_list("pk", "status")) == [
        (pending.pk, "expired"),
        (again.pk, "pending"),
    ]


def test_expire_command(pending, edition):
    MeetingRequest.objects.filter(pk=pending.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    out = StringIO()
    call_command("expire_meeting_requests", edition.slug, stdout=out)
    assert (out.getvalue(), fresh(pending).status) == (f"{edition.slug}: 1 request(s) expired\n", "expired")
