"""The guest's pages: the forms, registering, the private page (status, details, cancel, sign-ups,
live links) and who may reach what."""

from __future__ import annotations

import datetime as dt
import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from ecoforum.services import registration as service
from ecoforum.services import signups
from ecoforum.services.enums import Attendance, QuestionKind, RegistrationStatus, SignupStatus
from ecoforum.services.models import Registration, SessionSignup

from ..factories import EditionFactory, PersonFactory, UserFactory
from .factories import GuestCategoryFactory, RegistrationFactory, RegistrationFormFactory
from .registration_helpers import InvitationCodeFactory, QuestionFactory, applicant, published_session

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def guests_form(edition):
    category = GuestCategoryFactory(
        edition=edition, code="guests", name_zh_hans="嘉宾", name_en="Guests", needs_approval=False, capacity=2
    )
    return RegistrationFormFactory(
        edition=edition, category=category, slug="guests", title_zh_hans="嘉宾报名", title_en="Guest registration"
    )


@pytest.fixture
def online_form(edition):
    category = GuestCategoryFactory(
        edition=edition, code="online", name_en="Online audience", attendance=Attendance.ONLINE, needs_approval=True
    )
    return RegistrationFormFactory(edition=edition, category=category, slug="online", title_en="Follow online")


def url(name: str, edition, **kwargs) -> str:
    return reverse(f"services:{name}", kwargs={"edition": edition.slug, **kwargs})


def form_data(**changes) -> dict:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "name_zh": "王芳",
        "name_en": "WANG Fang",
        "email": "wang.fang@example.cn",
        "phone": "+86 139 0000 0001",
        "organization": "贵州大学",
        "position": "教授",
        "country": "CN",
        "language": "zh-hans",
        "document_type": "id_card",
        "document_number": "520101198001011234",
        "diet": "",
        "allergies": "",
    }
    data.update(changes)
    return data


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the list of forms ----------------------------------------------------------------------------


def test_index_lists_open_forms_with_places_left_or_waiting_list(client, edition, guests_form, online_form):
    now = timezone.now()
    full = RegistrationFormFactory(
        edition=edition, slug="media", title_en="Media", category__capacity=1, category__name_en="Media"
    )
    RegistrationFactory(edition=edition, form=full)
    RegistrationFormFactory(edition=edition, slug="later", title_en="Exhibitors", opens_at=now + dt.timedelta(days=2))
    RegistrationFormFactory(edition=edition, slug="hidden", title_en="Old form", is_active=False)

    response = client.get(url("register_index", edition), **EN)

    page = text(response)
    assert response.status_code == 200
    assert "Guest registration" in page and "2 places left" in page
    assert "Follow online" in page and "Online" in page
    assert 'data-left="0">Waiting list' in page
    assert "Exhibitors" in page and "Opens on" in page
    assert "Old form" not in page
    assert page.count('class="button primary"') == 3  # no button on the form that opens later


@pytest.mark.parametrize("forms", [1, 3])
def test_index_queries_do_not_grow_with_forms(client, edition, django_assert_max_num_queries, forms):
    for i in range(forms):
        form = RegistrationFormFactory(edition=edition, slug=f"f{i}", category__capacity=10)
        RegistrationFactory(edition=edition, form=form)

    with django_assert_max_num_queries(8):
        response = client.get(url("register_index", edition))

    assert response.status_code == 200


# --- the form -------------------------------------------------------------------------------------


def test_form_asks_identity_and_food_on_site_and_prefills_the_code(client, edition, guests_form):
    InvitationCodeFactory(form=guests_form, code="GY-1")

    response = client.get(url("register", edition, form_slug="guests") + "?code=GY-1", **EN)

    form = response.context["form"]
    assert response.status_code == 200
    assert {"document_type", "document_number", "nationality", "date_of_birth", "diet", "allergies", "code"} <= set(
        form.fields
    )
    assert form["code"].value() == "GY-1"
    assert form["language"].value() == "en"
    assert uuid.UUID(form["idempotency_key"].value())


def test_online_form_asks_no_identity_nor_food(client, edition, online_form):
    response = client.get(url("register", edition, form_slug="online"))

    fields = set(response.context["form"].fields)
    assert not fields & {"document_type", "document_number", "diet", "allergies", "code"}


def test_register_redirects_to_the_guest_page(client, edition, guests_form):
    response = client.post(url("register", edition, form_slug="guests"), form_data())

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("guest", edition, token=registration.token)
    assert registration.status == RegistrationStatus.APPROVED
    assert registration.document_number == "520101198001011234"
    assert registration.person.name_en == "WANG Fang"


def test_a_double_click_makes_one_registration(client, edition, guests_form):
    data = form_data()

    first = client.post(url("register", edition, form_slug="guests"), data)
    second = client.post(url("register", edition, form_slug="guests"), data)

    assert Registration.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_questions_are_asked_and_answered_by_position(client, edition, guests_form):
    choice = QuestionFactory(
        form=guests_form, kind=QuestionKind.CHOICE, choices_zh_hans="上午\n下午", choices_en="Morning\nAfternoon"
    )
    yes_no = QuestionFactory(form=guests_form, kind=QuestionKind.YES_NO, required=True)

    page = text(client.get(url("register", edition, form_slug="guests"), **EN))
    client.post(
        url("register", edition, form_slug="guests"), form_data(**{f"q{choice.pk}": "1", f"q{yes_no.pk}": "no"})
    )

    assert "Afternoon" in page
    assert Registration.objects.get().answers == {str(choice.pk): 1, str(yes_no.pk): False}


def test_duplicate_email_shows_on_the_field_and_never_echoes_the_document(client, edition, guests_form):
    service.register(guests_form, applicant(email="wang.fang@example.cn"))

    response = client.post(url("register", edition, form_slug="guests"), form_data(document_number="E99887766"), **EN)

    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["wang.fang@example.cn is already registered for this edition."]
    assert "E99887766" not in response.content.decode()
    assert Registration.objects.count() == 1


def test_passport_without_date_of_birth_is_refused_on_its_field(client, edition, guests_form):
    response = client.post(
        url("register", edition, form_slug="guests"),
        form_data(document_type="passport", document_number="E1234", nationality="FR"),
        **EN,
    )

    assert response.context["form"].errors["date_of_birth"] == [
        "Please give your date of birth (it goes on the invitation letter for your visa)."
    ]
    assert Registration.objects.count() == 0


def test_wrong_invitation_code_is_refused_on_its_field(client, edition, guests_form):
    guests_form.requires_code = True
    guests_form.save()

    response = client.post(url("register", edition, form_slug="guests"), form_data(code="NOPE"), **EN)

    assert response.context["form"].errors["code"] == ["The invitation code NOPE is not valid for this form."]
    assert Registration.objects.count() == 0


def test_malformed_post_changes_nothing(client, edition, guests_form):
    response = client.post(
        url("register", edition, form_slug="guests"),
        form_data(idempotency_key="not-a-key", email="nope", country="China", date_of_birth="1990-13-45"),
        **EN,
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"idempotency_key", "email", "country", "date_of_birth"}
    assert Registration.objects.count() == 0


def test_unknown_form_is_a_clear_404(client, edition):
    response = client.get(url("register", edition, form_slug="nope"), **EN)

    assert response.status_code == 404
    assert "There is no registration form “nope” for this forum." in text(response)


def test_closed_form_is_a_clear_page_and_refuses_a_post(client, edition, guests_form):
    guests_form.closes_at = timezone.now() - dt.timedelta(hours=1)
    guests_form.opens_at = timezone.now() - dt.timedelta(days=3)
    guests_form.save()

    response = client.get(url("register", edition, form_slug="guests"), **EN)
    post = client.post(url("register", edition, form_slug="guests"), form_data(), **EN)

    assert response.status_code == 200
    assert "Registration on “Guest registration” is closed." in text(response)
    assert "Registration on “Guest registration” is closed." in text(post)
    assert Registration.objects.count() == 0


# --- the guest's page -----------------------------------------------------------------------------


def test_guest_page_shows_status_reference_and_waiting_position(client, edition, guests_form):
    for _ in range(2):
        service.register(guests_form, applicant())
    waiting = service.register(guests_form, applicant())

    page = text(client.get(url("guest", edition, token=waiting.token), **EN))

    assert waiting.reference in page
    assert 'id="reg-status">On the waiting list<' in page
    assert "Number 1 on the waiting list" in page
    assert "My badge" not in page


def test_guest_page_of_an_approved_on_site_guest_links_badge_and_travel(client, edition, guests_form):
    registration = service.register(guests_form, applicant())

    page = text(client.get(url("guest", edition, token=registration.token), **EN))

    assert f'href="{reverse("services:badge", args=[edition.slug, registration.token])}"' in page
    assert f'href="{reverse("services:travel", args=[edition.slug, registration.token])}"' in page
    assert "Live links" not in page


def test_unknown_token_or_another_editions_token_is_404(client, edition, guests_form):
    other = RegistrationFactory(edition=EditionFactory())

    assert client.get(url("guest", edition, token="nope")).status_code == 404
    assert client.get(url("guest", edition, token=other.token)).status_code == 404


def test_live_links_only_for_approved_online_guests(client, edition, online_form, guests_form, organizer):
    streamed = published_session(edition, title_en="Opening ceremony", online_url="https://live.example.cn/open")
    published_session(edition, title_en="Closed-door dialogue", hour=14)
    pending = service.register(online_form, applicant())
    approved = service.approve(service.register(online_form, applicant()), actor=organizer)
    on_site = service.register(guests_form, applicant())

    approved_page = text(client.get(url("guest", edition, token=approved.token), **EN))
    pending_page = text(client.get(url("guest", edition, token=pending.token), **EN))
    on_site_page = text(client.get(url("guest", edition, token=on_site.token), **EN))

    assert 'href="https://live.example.cn/open"' in approved_page
    assert "Opening ceremony" in approved_page
    assert "Closed-door dialogue" not in approved_page
    start = timezone.localtime(streamed.slots.get().start, edition.tz).strftime("%Y-%m-%d %H:%M")
    assert start == f"{edition.start_date:%Y-%m-%d} 09:00"
    assert start in approved_page
    assert "live.example.cn" not in pending_page
    assert "live.example.cn" not in on_site_page
    assert "My badge" not in approved_page and "My travel" not in approved_page


def test_guest_changes_details(client, edition, guests_form):
    registration = service.register(guests_form, applicant())

    response = client.post(
        url("guest_details", edition, token=registration.token),
        {"phone": "+86 138 1111 2222", "language": "en", "diet": "vegetarian", "allergies": "无"},
    )

    registration.refresh_from_db()
    assert response.status_code == 302
    assert (registration.phone, registration.language, registration.diet, registration.allergies) == (
        "+86 138 1111 2222",
        "en",
        "vegetarian",
        "无",
    )


def test_bad_details_change_nothing(client, edition, guests_form):
    registration = service.register(guests_form, applicant())

    response = client.post(
        url("guest_details", edition, token=registration.token), {"phone": "1", "language": "fr", "diet": "keto"}
    )

    assert response.status_code == 400
    assert set(response.context["details_form"].errors) == {"language", "diet"}
    assert Registration.objects.get(pk=registration.pk).language == "zh-hans"


def test_cancel_asks_first_then_cancels(client, edition, guests_form):
    registration = service.register(guests_form, applicant())

    confirm = client.get(url("guest_cancel", edition, token=registration.token), **EN)
    assert "Do you really want to cancel registration" in text(confirm)
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.APPROVED

    response = client.post(url("guest_cancel", edition, token=registration.token))
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == RegistrationStatus.CANCELLED

    again = client.post(url("guest_cancel", edition, token=registration.token), follow=True, **EN)
    assert f"Registration {registration.reference} is Cancelled already." in text(again)


def test_sign_up_and_cancel_from_the_guest_page(client, edition, guests_form, organizer):
    session = published_session(edition, title_en="Carbon markets")
    signups.set_places(session, 1, actor=organizer)
    registration = service.register(guests_form, applicant())

    page = text(client.get(url("guest", edition, token=registration.token), **EN))
    assert "Carbon markets" in page and "1 place left" in page
    client.post(url("guest_signup", edition, token=registration.token, session_id=session.pk))
    signup = SessionSignup.objects.get()
    assert signup.status == SignupStatus.CONFIRMED

    client.post(url("guest_signup_cancel", edition, token=registration.token, signup_id=signup.pk))
    assert SessionSignup.objects.get().status == SignupStatus.CANCELLED


def test_someone_elses_sign_up_or_a_foreign_session_is_404_and_changes_nothing(client, edition, guests_form, organizer):
    session = published_session(edition)
    signups.set_places(session, 5, actor=organizer)
    mine = service.register(guests_form, applicant())
    theirs = signups.sign_up(service.register(guests_form, applicant()), session)
    foreign = published_session(EditionFactory())

    cancel = client.post(url("guest_signup_cancel", edition, token=mine.token, signup_id=theirs.pk))
    sign = client.post(url("guest_signup", edition, token=mine.token, session_id=foreign.pk))

    assert (cancel.status_code, sign.status_code) == (404, 404)
    assert list(SessionSignup.objects.values_list("pk", "status")) == [(theirs.pk, SignupStatus.CONFIRMED)]


def test_sign_up_refusal_is_a_message(client, edition, guests_form, organizer):
    session = published_session(edition, title_en="Carbon markets")
    registration = service.register(guests_form, applicant())  # the session takes no sign-ups

    response = client.post(
        url("guest_signup", edition, token=registration.token, session_id=session.pk), follow=True, **EN
    )

    assert f"The session {session} does not take sign-ups." in text(response)
    assert SessionSignup.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 3])
def test_guest_page_queries_do_not_grow_with_sessions(
    client, edition, guests_form, organizer, rows, django_assert_max_num_queries
):
    registration = service.register(guests_form, applicant())
    for i in range(rows):
        session = published_session(edition, hour=9 + i)
        signups.set_places(session, 5, actor=organizer)
        signups.sign_up(registration, session)

    with django_assert_max_num_queries(12):
        response = client.get(url("guest", edition, token=registration.token))

    assert response.status_code == 200


def test_my_registration_sends_a_logged_in_guest_to_their_page(client, edition, guests_form):
    user = UserFactory()
    PersonFactory(user=user)
    registration = service.register(guests_form, applicant(), user=user)
    client.force_login(user)

    response = client.get(url("my_registration", edition))

    assert response["Location"] == url("guest", edition, token=registration.token)
    assert f'href="{url("guest", edition, token=registration.token)}"' in text(
        client.get(url("register_index", edition))
    )


def test_my_registration_without_one_goes_to_the_forms(client, edition):
    client.force_login(UserFactory())

    response = client.get(url("my_registration", edition), follow=True, **EN)

    assert response.redirect_chain[-1][0] == url("register_index", edition)
    assert f"Your account has no registration for {edition} yet." in text(response)


def test_my_registration_needs_a_login(client, edition):
    response = client.get(url("my_registration", edition))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
