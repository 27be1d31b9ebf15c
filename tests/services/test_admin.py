"""Guest services in the Django admin: configuration editable and audited, registrations read-only."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import Gate, InvitationCode, Question

from .factories import (
    GateFactory,
    GuestCategoryFactory,
    HotelFactory,
    RegistrationFactory,
    RegistrationFormFactory,
    StationFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery staple")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model", ["guestcategory", "registrationform", "gate", "hotel", "station", "vehicle", "meal", "registration"]
)
def test_changelists_open(admin_client, edition, model):
    form = RegistrationFormFactory(edition=edition)
    RegistrationFactory(edition=edition, form=form)
    GateFactory(edition=edition)
    HotelFactory(edition=edition)
    StationFactory(edition=edition)
    VehicleFactory(edition=edition)
    response = admin_client.get(reverse(f"admin:services_{model}_changelist"))
    assert response.status_code == 200


def test_form_page_shows_questions_and_codes_inline(admin_client, edition):
    form = RegistrationFormFactory(edition=edition)
    Question.objects.create(form=form, label_zh_hans="媒体类型", label_en="Kind of media")
    InvitationCode.objects.create(form=form, code="KENYA2023", note="肯尼亚代表团")
    html = admin_client.get(reverse("admin:services_registrationform_change", args=[form.pk])).content.decode()
    assert "媒体类型" in html and "KENYA2023" in html and "肯尼亚代表团" in html


def test_gate_added_in_both_languages_is_audited(admin_client, edition):
    response = admin_client.post(
        reverse("admin:services_gate_add"),
        {"edition": edition.pk, "code": "north", "name_zh_hans": "北门", "name_en": "North gate", "order": 1},
    )
    assert response.status_code == 302
    gate = Gate.objects.get(code="north")
    assert (gate.name_zh_hans, gate.name_en) == ("北门", "North gate")
    assert AuditEntry.objects.filter(action="services.gate.added", object_id=str(gate.pk)).count() == 1


def test_category_places_in_the_admin_move_the_waiting_list(admin_client, edition):
    category = GuestCategoryFactory(edition=edition, capacity=1, code="media")
    form = RegistrationFormFactory(edition=edition, category=category)
    RegistrationFactory(edition=edition, form=form)
    waiting = RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.WAITLISTED)
    response = admin_client.post(
        reverse("admin:services_guestcategory_change", args=[category.pk]),
        {
            "edition": edition.pk,
            "code": "media",
            "name_zh_hans": category.name_zh_hans,
            "name_en": category.name_en,
            "attendance": "on_site",
            "color": "#1f7a4d",
            "needs_approval": "on",
            "capacity": "2",
            "order": 0,
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    waiting.refresh_from_db()
    assert (category.capacity, waiting.status) == (2, RegistrationStatus.PENDING)
    assert AuditEntry.objects.filter(action="services.category.capacity").count() == 1


def test_registration_is_read_only_without_identity(admin_client, edition):
    found = RegistrationFactory(
        edition=edition,
        document_type="passport",
        document_number="E12345678",
        nationality="KE",
        date_of_birth="1980-05-17",
    )
    page = admin_client.get(reverse("admin:services_registration_change", args=[found.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert found.reference in html
    assert "E12345678" not in html and "1980-05-17" not in html and found.token not in html
    assert admin_client.get(reverse("admin:services_registration_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:services_registration_change", args=[found.pk]), {"status": "cancelled"}
    )
    assert response.status_code == 403
    found.refresh_from_db()
    assert found.status == RegistrationStatus.APPROVED
    assert (
        admin_client.post(reverse("admin:services_registration_delete", args=[found.pk]), {"post": "yes"}).status_code
        == 403
    )
