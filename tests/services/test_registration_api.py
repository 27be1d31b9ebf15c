"""The registration API: open forms (public), registering with an Idempotency-Key, and guest services' reads
and decisions."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from ecoforum.api.models import ApiToken
from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services.enums import QuestionKind, RegistrationStatus
from ecoforum.services.models import Question, Registration

from ..factories import CommitteeMemberFactory, EditionFactory, PersonFactory, UserFactory
from .factories import GuestCategoryFactory, RegistrationFactory, RegistrationFormFactory

pytestmark = pytest.mark.django_db


def member(edition, role):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=role)
    return user


def token_client(user) -> Client:
    _row, token = ApiToken.issue(user, name="Partner system")
    return Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)


@pytest.fixture
def category(edition):
    return GuestCategoryFactory(
        edition=edition, code="media", name_zh_hans="媒体", name_en="Media", capacity=1, needs_approval=True
    )


@pytest.fixture
def form(edition, category):
    form = RegistrationFormFactory(edition=edition, category=category, slug="media", asks_identity=False)
    Question.objects.create(
        form=form,
        label_zh_hans="媒体类型",
        label_en="Kind of media",
        kind=QuestionKind.CHOICE,
        choices_zh_hans="报纸\n电视",
        choices_en="Newspaper\nTelevision",
        required=True,
    )
    return form


@pytest.fixture
def partner(edition):
    return token_client(UserFactory())


@pytest.fixture
def desk(edition):
    return token_client(member(edition, CommitteeRole.GUEST_SERVICES))


def body(form, **changes):
    question = form.questions.get()
    data = {
        "name_zh": "王记者",
        "name_en": "Wang Reporter",
        "email": "wang@news.example.cn",
        "organization": "贵州日报",
        "answers": {str(question.pk): 1},
    }
    data.update(changes)
    return data


def post(client, path, data, **headers):
    return client.post(path, json.dumps(data), content_type="application/json", **headers)


def path(edition, form):
    return f"/api/editions/{edition.slug}/forms/{form.slug}/registrations"


# --- forms ----------------------------------------------------------------------------------------


def test_forms_are_public_with_questions_in_both_languages(client, edition, form):
    RegistrationFormFactory(edition=edition, is_active=False)
    response = client.get(f"/api/editions/{edition.slug}/forms")
    assert response.status_code == 200
    [found] = response.json()
    assert (found["slug"], found["category"], found["title"]["zh-hans"]) == ("media", "media", form.title_zh_hans)
    assert found["questions"][0]["choices"] == {"zh-hans": ["报纸", "电视"], "en": ["Newspaper", "Television"]}


def test_forms_of_an_unknown_edition_are_404(client):
    assert client.get("/api/editions/1999/forms").status_code == 404


# --- registering ----------------------------------------------------------------------------------


def test_register_answers_201_with_reference_and_status(partner, edition, form):
    response = post(partner, path(edition, form), body(form))
    assert response.status_code == 201
    data = response.json()
    registration = Registration.objects.get(reference=data["reference"])
    assert data == {"reference": registration.reference, "status": "pending", "waiting_position": None}
    assert registration.person.name_zh_hans == "王记者"
    assert registration.answers == {str(form.questions.get().pk): 1}


def test_register_when_full_gives_waiting_position(partner, edition, form):
    post(partner, path(edition, form), body(form))
    response = post(partner, path(edition, form), body(form, email="second@example.org"))
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["waiting_position"]) == ("waitlisted", 1)


def test_register_retry_with_idempotency_key_registers_once(partner, edition, form):
    first = post(partner, path(edition, form), body(form), HTTP_IDEMPOTENCY_KEY="abc-1")
    again = post(partner, path(edition, form), body(form), HTTP_IDEMPOTENCY_KEY="abc-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json() == again.json()
    assert Registration.objects.count() == 1


def test_register_same_key_other_body_is_422(partner, edition, form):
    post(partner, path(edition, form), body(form), HTTP_IDEMPOTENCY_KEY="abc-2")
    response = post(partner, path(edition, form), body(form, email="other@example.org"), HTTP_IDEMPOTENCY_KEY="abc-2")
    assert response.status_code == 422
    assert Registration.objects.count() == 1


def test_register_same_person_twice_is_409(partner, edition, form):
    post(partner, path(edition, form), body(form))
    response = post(partner, path(edition, form), body(form))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "wang@news.example.cn is already registered for this edition.",
        "field": "email",
    }
    assert Registration.objects.count() == 1


def test_register_bad_choice_is_422_with_field(partner, edition, form):
    question = form.questions.get()
    response = post(partner, path(edition, form), body(form, answers={str(question.pk): 7}))
    assert response.status_code == 422
    assert response.json() == {"detail": "“Kind of media” has no such choice.", "field": f"q{question.pk}"}
    assert Registration.objects.count() == 0


def test_register_on_a_closed_form_is_422(partner, edition, form):
    form.is_active = False
    form.save()
    response = post(partner, path(edition, form), body(form))
    assert response.status_code == 422
    assert Registration.objects.count() == 0


def test_register_anonymous_is_401(client, edition, form):
    response = post(client, path(edition, form), body(form))
    assert response.status_code == 401
    assert Registration.objects.count() == 0


def test_register_never_attaches_the_callers_own_person(edition, form):
    user = UserFactory()
    PersonFactory(user=user)
    response = post(token_client(user), path(edition, form), body(form))
    registration = Registration.objects.get(reference=response.json()["reference"])
    assert (registration.person.user_id, registration.person.name_en) == (None, "Wang Reporter")
    entry = AuditEntry.objects.get(action="services.registration.api_created")
    assert entry.actor == user


def test_register_on_another_editions_form_is_404(partner, edition):
    stranger = RegistrationFormFactory(edition=EditionFactory())
    response = post(partner, f"/api/editions/{edition.slug}/forms/{stranger.slug}/registrations", {"email": "a@b.cn"})
    assert response.status_code == 404


# --- guest services -------------------------------------------------------------------------------


def test_list_for_guest_services_without_identity(desk, edition, form):
    RegistrationFactory(
        edition=edition,
        form=form,
        status=RegistrationStatus.PENDING,
        document_type="passport",
        document_number="E12345678",
        nationality="KE",
        date_of_birth="1980-01-01",
    )
    RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.APPROVED)
    response = desk.get(f"/api/editions/{edition.slug}/registrations", {"status": "pending"})
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["pages"]) == (1, 1)
    assert set(data["items"][0]) == {
        "reference",
        "status",
        "category",
        "form",
        "attendance",
        "name_zh",
        "name_en",
        "organization",
        "email",
        "phone",
        "language",
        "created_at",
        "decided_at",
        "replaces",
        "replaced_by",
    }
    text = response.content.decode()
    assert "E12345678" not in text and "1980-01-01" not in text and "passport" not in text


def test_list_unknown_category_is_empty(desk, edition, form):
    RegistrationFactory(edition=edition, form=form)
    response = desk.get(f"/api/editions/{edition.slug}/registrations", {"category": "nosuch"})
    assert response.json()["count"] == 0


def test_list_queries_do_not_grow_with_rows(desk, edition, form, django_assert_max_num_queries):
    RegistrationFactory(edition=edition, form=form)
    with django_assert_max_num_queries(20) as one:
        desk.get(f"/api/editions/{edition.slug}/registrations")
    for _ in range(3):
        RegistrationFactory(edition=edition, form=form, replaces=RegistrationFactory(edition=edition, form=form))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = desk.get(f"/api/editions/{edition.slug}/registrations")
    assert response.json()["count"] == 7


def test_list_read_only_staff_gets_403_outsider_404(edition, form):
    staff = token_client(member(edition, CommitteeRole.STAFF))
    assert staff.get(f"/api/editions/{edition.slug}/registrations").status_code == 403
    outsider = token_client(UserFactory())
    assert outsider.get(f"/api/editions/{edition.slug}/registrations").status_code == 404


def test_get_one_registration_and_another_editions_is_404(desk, edition, form):
    found = RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.WAITLISTED)
    response = desk.get(f"/api/editions/{edition.slug}/registrations/{found.reference}")
    assert (response.status_code, response.json()["waiting_position"]) == (200, 1)
    stranger = RegistrationFactory()
    assert desk.get(f"/api/editions/{edition.slug}/registrations/{stranger.reference}").status_code == 404


def test_approve_and_cancel(desk, edition, form):
    found = RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.PENDING)
    approved = post(desk, f"/api/editions/{edition.slug}/registrations/{found.reference}/approve", {})
    assert (approved.status_code, approved.json()["status"]) == (200, "approved")
    cancelled = post(desk, f"/api/editions/{edition.slug}/registrations/{found.reference}/cancel", {"note": "没来"})
    assert (cancelled.status_code, cancelled.json()["status"], cancelled.json()["decision_note"]) == (
        200,
        "cancelled",
        "没来",
    )
    again = post(desk, f"/api/editions/{edition.slug}/registrations/{found.reference}/approve", {})
    assert again.status_code == 422
    assert again.json()["detail"] == f"Registration {found.reference} is Cancelled and cannot be approved."


def test_approve_by_a_partner_token_is_404_and_changes_nothing(partner, edition, form):
    found = RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.PENDING)
    response = post(partner, f"/api/editions/{edition.slug}/registrations/{found.reference}/approve", {})
    assert response.status_code == 404
    found.refresh_from_db()
    assert found.status == RegistrationStatus.PENDING


def test_approve_by_session_needs_csrf(edition, form):
    found = RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.PENDING)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member(edition, CommitteeRole.GUEST_SERVICES))
    response = post(client, f"/api/editions/{edition.slug}/registrations/{found.reference}/approve", {})
    assert response.status_code == 403
    found.refresh_from_db()
    assert found.status == RegistrationStatus.PENDING


def test_openapi_documents_the_endpoints_and_the_idempotency_key(client):
    document = client.get("/api/openapi.json").json()
    create = document["paths"]["/api/editions/{edition_slug}/forms/{form_slug}/registrations"]["post"]
    assert [p["name"] for p in create["parameters"]] == ["edition_slug", "form_slug", "Idempotency-Key"]
    assert create["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
    assert "security" not in document["paths"]["/api/editions/{edition_slug}/forms"]["get"]
