"""The registration service: approval, capacity and the waiting list, codes, duplicates, idempotency,
substitution, changes, and identity data encrypted at rest."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from ecoforum.core.models import AuditEntry
from ecoforum.services import registration as service
from ecoforum.services import signups
from ecoforum.services.enums import Attendance, DocumentType, QuestionKind, RegistrationStatus, SignupStatus
from ecoforum.services.models import Notification, Registration, SessionSignup
from ecoforum.services.registration import AlreadyRegistered, RegistrationError

from ..factories import UserFactory
from .factories import GuestCategoryFactory, RegistrationFormFactory
from .registration_helpers import (
    InvitationCodeFactory,
    QuestionFactory,
    applicant,
    passport_applicant,
    published_session,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def open_form(edition):
    """嘉宾 · no approval, no limit."""
    category = GuestCategoryFactory(edition=edition, code="guests", needs_approval=False)
    return RegistrationFormFactory(edition=edition, category=category, slug="guests")


@pytest.fixture
def approval_form(edition):
    """媒体 · each registration approved by the organizers, 2 places."""
    category = GuestCategoryFactory(edition=edition, code="media", needs_approval=True, capacity=2)
    return RegistrationFormFactory(edition=edition, category=category, slug="media")


def _statuses(form) -> list[str]:
    return list(Registration.objects.filter(form=form).order_by("created_at", "pk").values_list("status", flat=True))


# --- approval and capacity ------------------------------------------------------------------------


def test_register_without_approval_is_approved_and_told_after_commit(open_form, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        registration = service.register(open_form, applicant(name_zh="王芳", name_en="WANG Fang"))

    assert registration.status == RegistrationStatus.APPROVED
    assert registration.decided_at is not None
    assert registration.person.name_zh_hans == "王芳"
    assert registration.person.name_en == "WANG Fang"
    assert registration.person.organization.name == "贵州大学"
    # One message to the guest after commit (the search index's own callbacks aside).
    assert len([c for c in callbacks if c.__qualname__.startswith("_after_commit")]) == 1
    assert list(Notification.objects.filter(registration=registration).values_list("channel", "kind")) == [
        ("mail", "received")
    ]


def test_register_with_approval_waits_for_the_organizers(approval_form):
    registration = service.register(approval_form, applicant())

    assert registration.status == RegistrationStatus.PENDING
    assert registration.decided_at is None
    assert service.places_taken(approval_form.category) == 1


def test_register_when_full_goes_on_the_waiting_list_in_order(approval_form):
    first, second = (service.register(approval_form, applicant()) for _ in range(2))
    third = service.register(approval_form, applicant())
    fourth = service.register(approval_form, applicant())

    assert [first.status, second.status] == [RegistrationStatus.PENDING, RegistrationStatus.PENDING]
    assert [third.status, fourth.status] == [RegistrationStatus.WAITLISTED, RegistrationStatus.WAITLISTED]
    assert [service.waiting_position(r) for r in (first, third, fourth)] == [None, 1, 2]


def test_cancel_moves_the_first_waiting_up(approval_form, django_capture_on_commit_callbacks):
    first = service.register(approval_form, applicant())
    service.register(approval_form, applicant())
    third = service.register(approval_form, applicant())
    fourth = service.register(approval_form, applicant())

    with django_capture_on_commit_callbacks(execute=True):
        service.cancel(first, note="cannot come")

    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == RegistrationStatus.PENDING
    assert fourth.status == RegistrationStatus.WAITLISTED
    assert service.waiting_position(fourth) == 1
    assert Notification.objects.filter(registration=third, kind="promoted", channel="mail").count() == 1
    assert AuditEntry.objects.filter(action="services.registration.promoted", object_id=str(third.pk)).count() == 1


def test_promotion_without_approval_is_approved(edition):
    category = GuestCategoryFactory(edition=edition, needs_approval=False, capacity=1)
    form = RegistrationFormFactory(edition=edition, category=category)
    first = service.register(form, applicant())
    second = service.register(form, applicant())

    service.cancel(first)

    second.refresh_from_db()
    assert second.status == RegistrationStatus.APPROVED
    assert second.decided_at is not None


def test_reject_moves_the_first_waiting_up(approval_form, organizer):
    first = service.register(approval_form, applicant())
    service.register(approval_form, applicant())
    third = service.register(approval_form, applicant())

    rejected = service.reject(first, actor=organizer, note="not media")

    third.refresh_from_db()
    assert rejected.status == RegistrationStatus.REJECTED
    assert rejected.decided_by == organizer
    assert third.status == RegistrationStatus.PENDING


def test_reject_of_an_approved_registration_is_refused(approval_form, organizer):
    registration = service.approve(service.register(approval_form, applicant()), actor=organizer)

    with pytest.raises(RegistrationError) as error:
        service.reject(registration, actor=organizer)

    assert str(error.value) == f"Registration {registration.reference} is Approved and cannot be refused."


def test_set_capacity_moves_as_many_up_as_new_places(approval_form, organizer):
    for _ in range(5):
        service.register(approval_form, applicant())

    promoted = service.set_capacity(approval_form.category, 4, actor=organizer)

    assert len(promoted) == 2
    assert _statuses(approval_form) == ["pending"] * 4 + ["waitlisted"]


def test_fewer_places_never_unseat_and_a_cancellation_then_promotes_nobody(approval_form, organizer):
    first = service.register(approval_form, applicant())
    service.register(approval_form, applicant())
    service.register(approval_form, applicant())  # waits
    service.set_capacity(approval_form.category, 0, actor=organizer)

    service.cancel(first)

    assert _statuses(approval_form) == ["cancelled", "pending", "waitlisted"]


def test_set_capacity_to_no_limit_moves_everyone_up(approval_form, organizer):
    for _ in range(4):
        service.register(approval_form, applicant())

    service.set_capacity(approval_form.category, None, actor=organizer)

    assert _statuses(approval_form) == ["pending"] * 4


def test_approve_waiting_registration_needs_a_free_place(approval_form, organizer):
    first = service.register(approval_form, applicant())
    service.register(approval_form, applicant())
    waiting = service.register(approval_form, applicant())

    with pytest.raises(RegistrationError) as error:
        service.approve(waiting, actor=organizer)
    assert str(error.value).endswith(f"before approving {waiting.reference}.")

    service.reject(first, actor=organizer)  # promotes the waiting one to pending
    approved = service.approve(waiting, actor=organizer)
    assert approved.status == RegistrationStatus.APPROVED
    assert approved.decided_by == organizer


def test_approve_a_cancelled_registration_is_refused(approval_form, organizer):
    registration = service.cancel(service.register(approval_form, applicant()))

    with pytest.raises(RegistrationError) as error:
        service.approve(registration, actor=organizer)

    assert str(error.value) == f"Registration {registration.reference} is Cancelled and cannot be approved."


def test_cancel_twice_is_refused(open_form):
    registration = service.cancel(service.register(open_form, applicant()))

    with pytest.raises(RegistrationError) as error:
        service.cancel(registration)

    assert str(error.value) == f"Registration {registration.reference} is Cancelled already."


# --- the form: open times, identity, questions ---------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"is_active": False}, "closed"),
        ({"opens_at": dt.timedelta(hours=1)}, "closed"),
        ({"closes_at": dt.timedelta(hours=-1)}, "closed"),
        ({"opens_at": dt.timedelta(hours=-1), "closes_at": dt.timedelta(hours=1)}, "open"),
    ],
)
def test_form_open_times(open_form, changes, expected):
    now = timezone.now()
    for name, value in changes.items():
        setattr(open_form, name, now + value if isinstance(value, dt.timedelta) else value)
    open_form.save()

    if expected == "open":
        assert service.register(open_form, applicant()).status == RegistrationStatus.APPROVED
    else:
        with pytest.raises(RegistrationError) as error:
            service.register(open_form, applicant())
        assert str(error.value) == f"Registration on “{open_form.title}” is closed."
        assert Registration.objects.count() == 0


def test_on_site_form_asking_identity_needs_a_document(open_form):
    with pytest.raises(RegistrationError) as error:
        service.register(open_form, applicant(document_type="", document_number=""))

    assert error.value.field == "document_number"
    assert Registration.objects.count() == 0


def test_online_category_needs_no_document(edition):
    category = GuestCategoryFactory(edition=edition, attendance=Attendance.ONLINE, needs_approval=False)
    form = RegistrationFormFactory(edition=edition, category=category)

    registration = service.register(form, applicant(document_type="", document_number=""))

    assert registration.attendance == Attendance.ONLINE
    assert registration.document_key == ""


def test_passport_needs_nationality_and_date_of_birth(open_form):
    with pytest.raises(RegistrationError) as no_nationality:
        service.register(open_form, passport_applicant(nationality=""))
    with pytest.raises(RegistrationError) as no_birth:
        service.register(open_form, passport_applicant(date_of_birth=None))
    with pytest.raises(RegistrationError) as future:
        service.register(open_form, passport_applicant(date_of_birth=dt.date(2999, 1, 1)))

    assert (no_nationality.value.field, no_birth.value.field, future.value.field) == (
        "nationality",
        "date_of_birth",
        "date_of_birth",
    )
    assert str(future.value) == "The date of birth 2999-01-01 is not possible."
    assert Registration.objects.count() == 0


def test_name_and_email_are_required(open_form):
    with pytest.raises(RegistrationError) as no_name:
        service.register(open_form, applicant(name_zh="", name_en=" "))
    with pytest.raises(RegistrationError) as no_email:
        service.register(open_form, applicant(email=" "))

    assert (no_name.value.field, no_email.value.field) == ("name_zh", "email")


def test_answers_are_checked_and_kept_by_position(open_form):
    text = QuestionFactory(form=open_form, kind=QuestionKind.TEXT, required=True, label_en="Topic")
    choice = QuestionFactory(
        form=open_form, kind=QuestionKind.CHOICE, choices_zh_hans="上午\n下午", choices_en="Morning\nAfternoon"
    )
    several = QuestionFactory(
        form=open_form, kind=QuestionKind.MULTIPLE, choices_en="A\nB\nC", choices_zh_hans="甲\n乙\n丙"
    )
    yes_no = QuestionFactory(form=open_form, kind=QuestionKind.YES_NO)

    with pytest.raises(RegistrationError) as missing:
        service.register(open_form, applicant(answers={}))
    with pytest.raises(RegistrationError) as no_such_choice:
        service.register(open_form, applicant(answers={str(text.pk): "x", str(choice.pk): "5"}))
    with pytest.raises(RegistrationError) as two_for_one:
        service.register(open_form, applicant(answers={str(text.pk): "x", str(choice.pk): ["0", "1"]}))
    registration = service.register(
        open_form,
        applicant(
            answers={str(text.pk): " 碳中和 ", str(choice.pk): "1", str(several.pk): ["2", "0"], str(yes_no.pk): "yes"}
        ),
    )

    assert str(missing.value) == "Please answer “Topic”."
    assert missing.value.field == f"q{text.pk}"
    assert no_such_choice.value.field == f"q{choice.pk}"
    assert two_for_one.value.field == f"q{choice.pk}"
    assert registration.answers == {
        str(text.pk): "碳中和",
        str(choice.pk): 1,
        str(several.pk): [0, 2],
        str(yes_no.pk): True,
    }


# --- invitation codes -----------------------------------------------------------------------------


@pytest.fixture
def code_form(edition):
    category = GuestCategoryFactory(edition=edition, code="speakers", needs_approval=False)
    return RegistrationFormFactory(edition=edition, category=category, slug="speakers", requires_code=True)


def test_code_is_required_on_an_invitation_form(code_form):
    with pytest.raises(RegistrationError) as error:
        service.register(code_form, applicant())

    assert error.value.field == "code"
    assert str(error.value) == "This form is by invitation: please enter your invitation code."


def test_code_is_used_case_insensitively_and_counted(code_form):
    invitation = InvitationCodeFactory(form=code_form, code="GY2023-ABC", max_uses=2)

    registration = service.register(code_form, applicant(), code=" gy2023-abc ")

    invitation.refresh_from_db()
    assert registration.invitation_code == invitation
    assert invitation.uses == 1


def test_code_used_up_expired_wrong_or_of_another_form_is_refused(code_form, open_form):
    InvitationCodeFactory(form=code_form, code="USED", max_uses=1, uses=1)
    InvitationCodeFactory(form=code_form, code="OLD", expires_at=timezone.now() - dt.timedelta(minutes=1))
    InvitationCodeFactory(form=open_form, code="OTHER")

    messages = []
    for code in ("USED", "OLD", "OTHER", "NOPE"):
        with pytest.raises(RegistrationError) as error:
            service.register(code_form, applicant(), code=code)
        assert error.value.field == "code"
        messages.append(str(error.value))

    assert messages == [
        "The invitation code USED has already been used.",
        "The invitation code OLD has expired.",
        "The invitation code OTHER is not valid for this form.",
        "The invitation code NOPE is not valid for this form.",
    ]
    assert Registration.objects.count() == 0


# --- duplicates and idempotency -------------------------------------------------------------------


def test_same_email_twice_is_refused_whatever_the_case_and_spaces(open_form, approval_form):
    service.register(open_form, applicant(email="Wang.Fang@Example.cn"))

    with pytest.raises(AlreadyRegistered) as error:
        service.register(approval_form, applicant(email="  wang.fang@example.CN "))

    assert error.value.field == "email"
    assert str(error.value) == "wang.fang@example.CN is already registered for this edition."
    assert Registration.objects.count() == 1


def test_same_document_twice_is_refused_whatever_the_case_and_spaces(open_form):
    service.register(open_form, passport_applicant(document_number="e 1234 5678"))

    with pytest.raises(AlreadyRegistered) as error:
        service.register(open_form, passport_applicant(document_number="E12345678"))

    assert error.value.field == "document_number"
    assert str(error.value) == "This identity document is already registered for this edition."


def test_after_a_cancellation_the_same_person_may_register_again(open_form):
    first = service.register(open_form, applicant(email="again@example.cn", document_number="520101198001010000"))
    service.cancel(first)

    second = service.register(open_form, applicant(email="again@example.cn", document_number="520101198001010000"))

    assert second.pk != first.pk
    assert second.status == RegistrationStatus.APPROVED


def test_same_email_in_another_edition_is_fine(open_form):
    other = RegistrationFormFactory(category__needs_approval=False)
    service.register(open_form, applicant(email="both@example.cn"))

    registration = service.register(other, applicant(email="both@example.cn"))

    assert registration.edition_id == other.edition_id


def test_same_idempotency_key_returns_the_first_registration(open_form, django_capture_on_commit_callbacks):
    person = applicant()
    with django_capture_on_commit_callbacks(execute=True):
        first = service.register(open_form, person, idempotency_key="5b8f3c1e-key")
        again = service.register(open_form, person, idempotency_key="5b8f3c1e-key")

    assert again.pk == first.pk
    assert Registration.objects.count() == 1
    assert Notification.objects.count() == 1


def test_same_idempotency_key_with_another_person_is_refused(open_form):
    service.register(open_form, applicant(), idempotency_key="key-1")

    with pytest.raises(RegistrationError) as error:
        service.register(open_form, applicant(), idempotency_key="key-1")

    assert str(error.value) == (
        "This form has already been sent with other details: please reload the page and send it again."
    )
    assert Registration.objects.count() == 1


def test_idempotency_key_returns_the_registration_even_after_the_form_closed(open_form):
    person = applicant()
    first = service.register(open_form, person, idempotency_key="key-2")
    open_form.is_active = False
    open_form.save()

    assert service.register(open_form, person, idempotency_key="key-2").pk == first.pk


# --- substitution, changes ------------------------------------------------------------------------


def test_substitute_keeps_the_trail_and_gives_a_new_badge(open_form, organizer, django_capture_on_commit_callbacks):
    old = service.register(open_form, applicant())
    Registration.objects.filter(pk=old.pk).update(badge_version=3)
    session = published_session(open_form.edition)
    signups.set_places(session, 10, actor=organizer)
    signup = signups.sign_up(old, session)

    with django_capture_on_commit_callbacks(execute=True):
        new = service.substitute(old, passport_applicant(), actor=organizer, note="colleague instead")

    old.refresh_from_db()
    assert old.status == RegistrationStatus.SUBSTITUTED
    assert old.badge_version == 3
    assert new.replaces == old
    assert new.status == RegistrationStatus.APPROVED
    assert new.badge_version == 1
    assert (new.reference, new.token) != (old.reference, old.token)
    assert new.decided_by == organizer
    assert SessionSignup.objects.get(pk=signup.pk).registration == new
    assert sorted(Notification.objects.filter(channel="mail").values_list("registration_id", "kind")) == sorted(
        [(old.pk, "substituted"), (new.pk, "approved")]
    )
    entry = AuditEntry.objects.get(action="services.registration.substituted")
    assert entry.data["by"] == new.reference


def test_substitute_of_a_waiting_registration_keeps_its_turn(approval_form, organizer):
    service.register(approval_form, applicant())
    service.register(approval_form, applicant())
    first_waiting = service.register(approval_form, applicant())
    service.register(approval_form, applicant())

    new = service.substitute(first_waiting, applicant(), actor=organizer)

    assert new.status == RegistrationStatus.WAITLISTED
    assert service.waiting_position(new) == 1


def test_substitute_to_someone_already_registered_is_refused(open_form, organizer):
    old = service.register(open_form, applicant())
    service.register(open_form, applicant(email="taken@example.cn"))

    with pytest.raises(AlreadyRegistered):
        service.substitute(old, applicant(email="taken@example.cn"), actor=organizer)

    old.refresh_from_db()
    assert old.status == RegistrationStatus.APPROVED


def test_update_details_changes_contact_and_is_audited(open_form):
    registration = service.register(open_form, applicant(language="zh-hans"))

    service.update_details(registration, phone=" +33 6 12 34 56 78 ", language="en", diet="halal", allergies="花生")

    registration.refresh_from_db()
    assert (registration.phone, registration.language, registration.diet, registration.allergies) == (
        "+33 6 12 34 56 78",
        "en",
        "halal",
        "花生",
    )
    entry = AuditEntry.objects.get(action="services.registration.changed")
    assert entry.data["after"]["language"] == "en"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "x@example.org"}, "These details cannot be changed here: email."),
        ({"language": "fr"}, "fr is not a language of the forum."),
        ({"diet": "keto"}, "keto is not a diet we know."),
        ({"allergies": "x" * 301}, "This is too long (300 characters at most)."),
    ],
)
def test_update_details_refuses_bad_changes(open_form, changes, message):
    registration = service.register(open_form, applicant())

    with pytest.raises(RegistrationError) as error:
        service.update_details(registration, **changes)

    assert str(error.value) == message
    assert Registration.objects.get(pk=registration.pk).language == "zh-hans"


def test_update_details_of_a_cancelled_registration_is_refused(open_form):
    registration = service.cancel(service.register(open_form, applicant()))

    with pytest.raises(RegistrationError):
        service.update_details(registration, phone="1")


# --- identity at rest, audit ----------------------------------------------------------------------


def test_identity_data_is_encrypted_at_rest_and_kept_out_of_the_log(open_form):
    registration = service.register(open_form, passport_applicant(document_number="E98765432"))

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT document_number, nationality, date_of_birth FROM services_registration WHERE id = %s",
            [registration.pk],
        )
        raw = cursor.fetchone()
    registration = Registration.objects.get(pk=registration.pk)

    assert "E98765432" not in raw[0]
    assert raw[1] != "FR"
    assert "1985" not in raw[2]
    assert registration.document_number == "E98765432"
    assert registration.date_of_birth == "1985-03-14"
    assert registration.document_type == DocumentType.PASSPORT
    logged = str(list(AuditEntry.objects.values_list("data", flat=True)))
    assert "E98765432" not in logged


def test_registering_logged_in_links_the_person_of_the_user(open_form):
    user = UserFactory()
    from ..factories import PersonFactory

    person = PersonFactory(user=user)

    registration = service.register(open_form, applicant(), user=user)

    assert registration.person == person
    assert AuditEntry.objects.get(action="services.registration.created").actor == user


def test_cancel_releases_session_sign_ups_and_moves_their_list_up(open_form, organizer):
    session = published_session(open_form.edition)
    signups.set_places(session, 1, actor=organizer)
    first = service.register(open_form, applicant())
    second = service.register(open_form, applicant())
    signups.sign_up(first, session)
    waiting = signups.sign_up(second, session)

    service.cancel(first)

    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.CONFIRMED
    assert SessionSignup.objects.get(registration=first).status == SignupStatus.CANCELLED
