"""Identity data on the desk: redacted for everyone, shown to ``services.view_identity`` on request, audited."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.services.enums import RegistrationStatus

from ..factories import CommitteeMemberFactory, PersonFactory, UserFactory
from .factories import RegistrationFactory, RegistrationFormFactory

pytestmark = pytest.mark.django_db

PASSPORT = "E12345678"


def member(edition, role):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=role)
    return user


@pytest.fixture
def form(edition):
    return RegistrationFormFactory(edition=edition, slug="guests")


@pytest.fixture
def foreign(form):
    return RegistrationFactory(
        edition=form.edition,
        form=form,
        person=PersonFactory(name="Amina Odhiambo", name_zh_hans="阿米娜", name_en="Amina Odhiambo"),
        document_type="passport",
        document_number=PASSPORT,
        nationality="KE",
        date_of_birth="1980-05-17",
    )


def detail(edition, registration):
    return reverse(
        "manage_services:registration", kwargs={"edition_slug": edition.slug, "reference": registration.reference}
    )


def test_read_only_staff_sees_identity_redacted_and_cannot_reveal(client, edition, foreign):
    client.force_login(member(edition, CommitteeRole.STAFF))
    response = client.get(detail(edition, foreign), {"identity": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert PASSPORT not in html and "1980-05-17" not in html
    assert "•••••••78" in html
    assert [value for _label, value in response.context["identity"]] == ["••••", "•••••••78", "••••", "••••••••17"]
    assert 'href="?identity=1#identity"' not in html
    assert AuditEntry.objects.filter(action="services.registration.identity_viewed").count() == 0


def test_guest_services_see_identity_only_when_asking_and_it_is_audited(client, edition, foreign):
    user = member(edition, CommitteeRole.GUEST_SERVICES)
    client.force_login(user)
    plain = client.get(detail(edition, foreign)).content.decode()
    assert PASSPORT not in plain and 'href="?identity=1#identity"' in plain
    assert AuditEntry.objects.filter(action="services.registration.identity_viewed").count() == 0

    revealed = client.get(detail(edition, foreign), {"identity": "1"}).content.decode()
    assert PASSPORT in revealed and "1980-05-17" in revealed and "KE" in revealed
    entry = AuditEntry.objects.get(action="services.registration.identity_viewed")
    assert (entry.actor, entry.object_id, entry.data) == (user, str(foreign.pk), {})


def test_identity_never_reaches_the_audit_log_or_log_lines(client, edition, foreign, caplog):
    client.force_login(member(edition, CommitteeRole.ORGANIZER))
    with caplog.at_level(logging.DEBUG):
        client.get(detail(edition, foreign), {"identity": "1"})
        client.get(reverse("manage_services:invitation_letters_xlsx", kwargs={"edition_slug": edition.slug}))
        client.post(
            reverse(
                "manage_services:registration_cancel",
                kwargs={"edition_slug": edition.slug, "reference": foreign.reference},
            )
        )
    stored = json.dumps([e.data for e in AuditEntry.objects.all()]) + " ".join(
        e.object_repr for e in AuditEntry.objects.all()
    )
    assert PASSPORT not in stored and "1980-05-17" not in stored
    assert PASSPORT not in caplog.text


def test_invitation_letter_data_has_full_passports_of_foreigners_only(client, edition, form, foreign):
    RegistrationFactory(
        edition=edition,
        form=form,
        document_type="passport",
        document_number="G7654321",
        nationality="CN",
        date_of_birth="1990-01-01",
    )
    RegistrationFactory(
        edition=edition,
        form=form,
        document_type="passport",
        document_number="X1111111",
        nationality="FR",
        date_of_birth="1970-02-02",
        status=RegistrationStatus.CANCELLED,
    )
    user = member(edition, CommitteeRole.GUEST_SERVICES)
    client.force_login(user)
    response = client.get(reverse("manage_services:invitation_letters_xlsx", kwargs={"edition_slug": edition.slug}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows] == [
        (foreign.reference, "Amina Odhiambo", "阿米娜", "KE", PASSPORT, "1980-05-17")
    ]
    entry = AuditEntry.objects.get(action="services.registration.identity_exported")
    assert (entry.actor, entry.edition_id, entry.data) == (
        user,
        edition.pk,
        {"count": 1, "references": [foreign.reference]},
    )


def test_invitation_letter_data_refused_to_read_only_staff(client, edition, foreign):
    client.force_login(member(edition, CommitteeRole.STAFF))
    response = client.get(reverse("manage_services:invitation_letters_xlsx", kwargs={"edition_slug": edition.slug}))
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="services.registration.identity_exported").count() == 0
