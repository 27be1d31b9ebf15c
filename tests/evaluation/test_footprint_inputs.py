"""The footprint inputs: the service (permission, refusals, audit) and the back-office form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.evaluation.exceptions import EvaluationError, NotAllowed
from ecoforum.evaluation.footprint import save_footprint_inputs
from ecoforum.evaluation.models import FootprintInputs
from ecoforum.forums.enums import CommitteeRole

from ..services.factories import committee_user
from .kpi_factories import inputs, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(edition):
    return committee_user(edition, CommitteeRole.ORGANIZER)


@pytest.fixture
def staff(edition):
    return committee_user(edition, CommitteeRole.STAFF)


def test_save_footprint_inputs_creates_and_audits(edition, organizer):
    saved = save_footprint_inputs(
        edition,
        actor=organizer,
        venue=place("Guiyang"),
        venue_electricity_kwh=Decimal("1200.5"),
        venue_gas_m3=Decimal("30"),
        offset_tco2e=Decimal("2.5"),
        offset_note_zh_hans="注销林业碳汇 2.5 吨",
        offset_note_en="",
    )

    stored = FootprintInputs.objects.get(edition=edition)
    assert stored.pk == saved.pk
    assert (stored.venue.name_en, stored.venue_electricity_kwh, stored.venue_gas_m3, stored.offset_tco2e) == (
        "Guiyang",
        Decimal("1200.5"),
        Decimal("30.0"),
        Decimal("2.500"),
    )
    assert (stored.offset_note_zh_hans, stored.offset_note_en, stored.updated_by) == (
        "注销林业碳汇 2.5 吨",
        "注销林业碳汇 2.5 吨",
        organizer,
    )
    assert list(AuditEntry.objects.filter(object_id=str(stored.pk)).values_list("action", flat=True)) == [
        "evaluation.footprint.created"
    ]


def test_save_footprint_inputs_changes_existing(edition, organizer):
    existing = inputs(edition, kwh="10")

    save_footprint_inputs(edition, actor=organizer, venue=place("Beijing"), venue_electricity_kwh=Decimal("20"))

    existing.refresh_from_db()
    assert (existing.venue.name_en, existing.venue_electricity_kwh) == ("Beijing", Decimal("20.0"))
    assert AuditEntry.objects.filter(action="evaluation.footprint.changed").count() == 1


def test_save_footprint_inputs_refuses_negative_energy(edition, organizer, english):
    with pytest.raises(EvaluationError) as refused:
        save_footprint_inputs(edition, actor=organizer, venue=place("Guiyang"), venue_electricity_kwh=Decimal("-5"))

    assert refused.value.field == "venue_electricity_kwh"
    assert str(refused.value.message) == "Venue electricity (kWh) cannot be negative (-5)."
    assert FootprintInputs.objects.count() == 0


def test_save_footprint_inputs_refuses_staff(edition, staff):
    with pytest.raises(NotAllowed):
        save_footprint_inputs(edition, actor=staff, venue=place("Guiyang"))

    assert FootprintInputs.objects.count() == 0


def url(edition) -> str:
    return reverse("manage_evaluation:footprint", kwargs={"edition_slug": edition.slug})


def form_data(**overrides) -> dict:
    data = {
        "venue": place("Guiyang").pk,
        "venue_electricity_kwh": "1000",
        "venue_gas_m3": "0",
        "offset_tco2e": "0",
        "offset_note_zh_hans": "",
        "offset_note_en": "Forest carbon credits",
    }
    data.update(overrides)
    return data


def test_footprint_form_saves(client, edition, organizer):
    client.force_login(organizer)

    response = client.post(url(edition), form_data(), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == url(edition)
    stored = FootprintInputs.objects.get(edition=edition)
    assert (stored.venue_electricity_kwh, stored.offset_note_en, stored.offset_note_zh_hans) == (
        Decimal("1000.0"),
        "Forest carbon credits",
        "Forest carbon credits",
    )


def test_footprint_form_negative_kwh_shows_message_and_saves_nothing(client, edition, organizer):
    client.force_login(organizer)

    response = client.post(url(edition), form_data(venue_electricity_kwh="-1000"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "venue_electricity_kwh": ["Venue electricity (kWh) cannot be negative (-1000)."]
    }
    assert FootprintInputs.objects.count() == 0


def test_footprint_form_negative_kwh_message_in_chinese(client, edition, organizer):
    client.force_login(organizer)

    response = client.post(url(edition), form_data(venue_electricity_kwh="-1"), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["venue_electricity_kwh"]
    assert FootprintInputs.objects.count() == 0


def test_footprint_form_unknown_venue_is_refused(client, edition, organizer):
    client.force_login(organizer)

    response = client.post(url(edition), form_data(venue="999999"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert response.context["form"].errors == {
        "venue": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert FootprintInputs.objects.count() == 0


def test_footprint_form_staff_may_look_not_change(client, edition, staff):
    client.force_login(staff)

    looked = client.get(url(edition), HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(url(edition), form_data(), HTTP_ACCEPT_LANGUAGE="en")

    assert (looked.status_code, looked.context["may_manage"], posted.status_code) == (200, False, 403)
    assert FootprintInputs.objects.count() == 0


def test_footprint_page_lists_unresolved_cities(client, edition, organizer):
    from .kpi_factories import guest, guest_form

    form = guest_form(edition)
    guest(edition, form, "Atlantis", country="GR")
    guest(edition, form, "Atlantis", country="GR")
    inputs(edition)
    client.force_login(organizer)

    response = client.get(url(edition), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [(u.city, u.country, u.guests) for u in response.context["footprint"].unresolved] == [("Atlantis", "GR", 2)]
    assert '<td>Atlantis</td><td>GR</td><td class="num">2</td>' in response.content.decode()


def test_footprint_page_is_404_outside_the_committee(client, edition):
    from ..factories import UserFactory

    client.force_login(UserFactory())

    response = client.get(url(edition))

    assert response.status_code == 404
