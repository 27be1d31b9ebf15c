"""Session sign-ups: places, the waiting list, cancellations; and many guests at once on PostgreSQL."""

from __future__ import annotations

from collections import Counter

import pytest

from ecoforum.core.models import AuditEntry
from ecoforum.services import registration as service
from ecoforum.services import signups
from ecoforum.services.enums import Attendance, RegistrationStatus, SignupStatus
from ecoforum.services.models import SessionPlaces, SessionSignup
from ecoforum.services.signups import SignupError

from ..factories import EditionFactory, SessionFactory
from .factories import GuestCategoryFactory, RegistrationFactory, RegistrationFormFactory
from .registration_helpers import applicant, published_session
from .test_registration_concurrency import run_clients

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def session(edition, organizer):
    found = published_session(edition, title_en="Dialogue on carbon markets", title_zh_hans="碳市场对话")
    signups.set_places(found, 2, actor=organizer)
    return found


def guest(edition, **changes):
    return RegistrationFactory(edition=edition, **changes)


@pytest.mark.django_db
def test_sign_up_confirms_while_places_last_then_waits(edition, session):
    first, second, third = (signups.sign_up(guest(edition), session) for _ in range(3))

    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waitlisted"]
    assert [signups.waiting_position(s) for s in (first, third)] == [None, 1]
    assert AuditEntry.objects.filter(action="services.signup.created").count() == 3


@pytest.mark.django_db
def test_cancelling_a_confirmed_place_moves_the_first_waiting_up(edition, session):
    first = signups.sign_up(guest(edition), session)
    signups.sign_up(guest(edition), session)
    third = signups.sign_up(guest(edition), session)
    fourth = signups.sign_up(guest(edition), session)

    moved = signups.cancel_signup(first)

    assert [s.pk for s in moved] == [third.pk]
    assert Counter(SessionSignup.objects.values_list("status", flat=True)) == Counter(
        {"confirmed": 2, "waitlisted": 1, "cancelled": 1}
    )
    fourth.refresh_from_db()
    assert signups.waiting_position(fourth) == 1


@pytest.mark.django_db
def test_cancelling_a_waiting_sign_up_moves_nobody(edition, session):
    signups.sign_up(guest(edition), session)
    signups.sign_up(guest(edition), session)
    waiting = signups.sign_up(guest(edition), session)

    assert signups.cancel_signup(waiting) == []
    with pytest.raises(SignupError) as error:
        signups.cancel_signup(waiting)
    assert str(error.value) == f"Your sign-up for {session} is cancelled already."


@pytest.mark.django_db
def test_more_places_move_the_list_up_and_fewer_unseat_nobody(edition, session, organizer):
    made = [signups.sign_up(guest(edition), session) for _ in range(5)]

    signups.set_places(session, 4, actor=organizer)
    assert Counter(SessionSignup.objects.values_list("status", flat=True)) == Counter({"confirmed": 4, "waitlisted": 1})

    signups.set_places(session, 1, actor=organizer)
    assert Counter(SessionSignup.objects.values_list("status", flat=True)) == Counter({"confirmed": 4, "waitlisted": 1})
    signups.cancel_signup(made[0])
    assert Counter(SessionSignup.objects.values_list("status", flat=True)) == Counter(
        {"confirmed": 3, "waitlisted": 1, "cancelled": 1}
    )


@pytest.mark.django_db
@pytest.mark.parametrize("places", [0, -1])
def test_set_places_needs_at_least_one(session, organizer, places):
    with pytest.raises(SignupError):
        signups.set_places(session, places, actor=organizer)

    assert SessionPlaces.objects.get(session=session).places == 2


@pytest.mark.django_db
def test_signing_up_twice_is_refused(edition, session):
    registration = guest(edition)
    signups.sign_up(registration, session)

    with pytest.raises(SignupError) as error:
        signups.sign_up(registration, session)

    assert str(error.value) == f"You are already signed up for {session}."
    assert SessionSignup.objects.count() == 1


@pytest.mark.django_db
def test_a_pending_guest_may_sign_up_a_waiting_or_cancelled_one_may_not(edition, session):
    assert signups.sign_up(guest(edition, status=RegistrationStatus.PENDING), session).status == "confirmed"
    for status in (RegistrationStatus.WAITLISTED, RegistrationStatus.CANCELLED):
        registration = guest(edition, status=status)
        with pytest.raises(SignupError) as error:
            signups.sign_up(registration, session)
        assert str(error.value) == (
            f"Registration {registration.reference} is {registration.get_status_display()}: "
            f"it cannot sign up for {session}."
        )


@pytest.mark.django_db
def test_online_guests_need_no_sign_up(edition, session):
    category = GuestCategoryFactory(edition=edition, attendance=Attendance.ONLINE)
    registration = guest(edition, form=RegistrationFormFactory(edition=edition, category=category))

    with pytest.raises(SignupError) as error:
        signups.sign_up(registration, session)

    assert str(error.value) == (
        f"You follow the forum online: {session} needs no sign-up, its live link is on your page."
    )


@pytest.mark.django_db
def test_a_session_without_places_or_of_another_edition_is_refused(edition, session):
    registration = guest(edition)
    no_places = SessionFactory(edition=edition)
    elsewhere = SessionFactory(edition=EditionFactory())

    with pytest.raises(SignupError) as not_open:
        signups.sign_up(registration, no_places)
    with pytest.raises(SignupError) as other:
        signups.sign_up(registration, elsewhere)

    assert str(not_open.value) == f"The session {no_places} does not take sign-ups."
    assert str(other.value) == f"The session {elsewhere} is not part of this forum."
    assert SessionSignup.objects.count() == 0


@pytest.mark.django_db
def test_offers_count_in_one_query(edition, session, organizer, django_assert_num_queries):
    for _ in range(3):
        signups.sign_up(guest(edition), session)
    other = published_session(edition, hour=14)
    signups.set_places(other, 10, actor=organizer)

    with django_assert_num_queries(1):
        rows = {o.session.pk: (o.confirmed, o.waiting, o.left) for o in signups.offers(edition)}

    assert rows == {session.pk: (2, 1, 0), other.pk: (0, 0, 10)}


@pytest.mark.django_db
def test_rejecting_a_registration_cancels_its_sign_ups(edition, session, organizer):
    form = RegistrationFormFactory(edition=edition, category__needs_approval=True)
    registration = service.register(form, applicant())
    signups.sign_up(registration, session)

    service.reject(registration, actor=organizer)

    assert SessionSignup.objects.get().status == SignupStatus.CANCELLED


# --- PostgreSQL: many guests, one session ---------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_thirty_guests_signing_up_at_once_for_eight_places_get_exactly_eight(edition, organizer):
    found = published_session(edition, title_en="Green finance roundtable")
    signups.set_places(found, 8, actor=organizer)
    guests = [guest(edition) for _ in range(30)]

    outcomes = run_clients(30, lambda i: signups.sign_up(guests[i], found))

    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 30})
    rows = list(SessionSignup.objects.filter(session=found).order_by("created_at", "pk"))
    assert Counter(s.status for s in rows) == Counter({"confirmed": 8, "waitlisted": 22})
    assert {s.status for s in rows[:8]} == {"confirmed"}

    # Eight cancel at once: exactly eight move up, the session stays at eight.
    confirmed = [s for s in rows if s.status == "confirmed"]
    waiting = [s for s in rows if s.status == "waitlisted"]
    outcomes = run_clients(8, lambda i: signups.cancel_signup(confirmed[i]))
    assert Counter(kind for kind, _m in outcomes) == Counter({"ok": 8})
    assert signups.confirmed_count(found.pk) == 8
    assert set(SessionSignup.objects.filter(session=found, status="confirmed").values_list("pk", flat=True)) == {
        s.pk for s in waiting[:8]
    }
