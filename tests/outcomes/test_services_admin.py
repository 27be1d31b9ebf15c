"""The outcomes in the Django admin: read-mostly, corrections and reassignments through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.outcomes.models import Outcome

from ..factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "correct horse battery staple")
    client.force_login(user)
    return client


def form_data(outcome: Outcome, **changes) -> dict:
    data = {
        "title_zh_hans": outcome.title_zh_hans,
        "title_en": outcome.title_en,
        "summary_zh_hans": outcome.summary_zh_hans,
        "summary_en": outcome.summary_en,
        "responsible_unit": outcome.responsible_unit_id,
        "industry": outcome.industry_id or "",
        "province": outcome.province,
        "city": outcome.city,
        "is_public": "on",
    }
    for prefix in ("stages", "evidence"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return data


@pytest.mark.parametrize("model", ["outcome", "reminder"])
def test_changelists_open(admin_client, outcome, model):
    assert admin_client.get(reverse(f"admin:outcomes_{model}_changelist")).status_code == 200


def test_change_page_opens(admin_client, outcome):
    assert admin_client.get(reverse("admin:outcomes_outcome_change", args=[outcome.pk])).status_code == 200


def test_correcting_the_title_goes_through_the_service(admin_client, outcome):
    response = admin_client.post(
        reverse("admin:outcomes_outcome_change", args=[outcome.pk]), form_data(outcome, title_en="Solar plant, 200 MW")
    )

    assert response.status_code == 302
    assert Outcome.objects.get(pk=outcome.pk).title_en == "Solar plant, 200 MW"
    entry = AuditEntry.objects.get(action="outcomes.outcome.changed")
    assert entry.data == {"title_en": ["Solar plant signing", "Solar plant, 200 MW"]}


def test_reassigning_goes_through_the_service(admin_client, outcome):
    unit = OrganizationFactory()
    contact = PersonFactory(organization=unit)

    admin_client.post(
        reverse("admin:outcomes_outcome_change", args=[outcome.pk]),
        form_data(outcome, responsible_unit=unit.pk, contacts=[contact.pk]),
    )

    found = Outcome.objects.get(pk=outcome.pk)
    assert (found.responsible_unit, list(found.contacts.all())) == (unit, [contact])
    assert AuditEntry.objects.filter(action="outcomes.outcome.assigned").count() == 1


def test_nothing_is_added_or_deleted_here(admin_client, outcome):
    assert admin_client.get(reverse("admin:outcomes_outcome_add")).status_code == 403
    assert (
        admin_client.post(reverse("admin:outcomes_outcome_delete", args=[outcome.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert Outcome.objects.count() == 1
