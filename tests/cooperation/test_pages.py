"""Cooperation pages: public partners, the back office, who gets what, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from ecoforum.cooperation import letters, services
from ecoforum.cooperation.models import Delegation, DelegationMember, InvitationLetter, Partner
from ecoforum.core.models import AuditEntry

from ..factories import EditionFactory, OrganizationFactory
from ..services.factories import HotelFactory, RegistrationFactory, TravelLegFactory, committee_user
from .factories import AgreementFactory, DelegationFactory, PartnerFactory
from .helpers import PASSPORT, passport_guest

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _manage(name, edition, **kwargs):
    return reverse(f"manage_cooperation:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def _signed(n):
    agreement = AgreementFactory(
        status="signed", signed_on=dt.date(2023, 7, 8), partners=[PartnerFactory(), PartnerFactory()]
    )
    return agreement


@pytest.mark.parametrize("size", [1, 3])
def test_public_partners_page_constant_queries(client, edition, size, django_assert_max_num_queries):
    for _ in range(size):
        _signed(_)
    PartnerFactory(is_public=False, organization=OrganizationFactory(name_en="Hidden Partner"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("cooperation:partners", kwargs={"edition": edition.slug}), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="coop-agreement"') == size
    assert page.count('class="coop-partner"') == 2 * size
    assert "Hidden Partner" not in page


@pytest.mark.parametrize("size", [1, 3])
def test_delegations_overview_shows_arrival_and_hotel_constant_queries(
    client, edition, organizer, size, django_assert_max_num_queries
):
    from ecoforum.services.models import RoomAllocation

    hotel = HotelFactory(edition=edition, name_en="Guiyang Eco Hotel")
    for _ in range(size):
        delegation = DelegationFactory(edition=edition)
        for head in (True, False):
            registration = RegistrationFactory(edition=edition)
            TravelLegFactory(registration=registration, number=f"KQ{registration.pk:04d}")
            RoomAllocation.objects.create(
                registration=registration,
                hotel=hotel,
                room_type="single",
                arrival=edition.start_date - dt.timedelta(days=1),
                departure=edition.end_date,
                room_number="1208",
            )
            services.add_member(delegation, person=registration.person, registration=registration, is_head=head)
    client.force_login(organizer)
    with django_assert_max_num_queries(16):
        response = client.get(_manage("overview", edition), **EN)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Guiyang Eco Hotel · 1208") == 2 * size
    assert page.count("Flight KQ") == 2 * size
    assert f"{edition.start_date - dt.timedelta(days=1):%Y-%m-%d} 10:00" in page


@pytest.mark.parametrize("size", [1, 3])
def test_letters_list_constant_queries(client, edition, organizer, size, django_assert_max_num_queries):
    for _ in range(size):
        letters.issue_letter(edition, person=passport_guest(edition).person)
    client.force_login(organizer)
    with django_assert_max_num_queries(14):
        response = client.get(_manage("letters", edition), **EN)
    page = response.content.decode()
    assert page.count('class="coop-number"') == size
    assert PASSPORT not in page


def test_organizer_issues_downloads_and_revokes_a_letter(client, edition, organizer):
    registration = passport_guest(edition)
    client.force_login(organizer)
    response = client.post(_manage("letters", edition), {"registration": registration.pk}, **EN)
    letter = InvitationLetter.objects.get()
    assert response.status_code == 302
    pdf = client.get(_manage("letter_pdf", edition, pk=letter.pk))
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"] == 'attachment; filename="invitation-EFGG-2023-0001.pdf"'
    client.post(_manage("letter_revoke", edition, pk=letter.pk), {"reason": "Visa refused"})
    letter.refresh_from_db()
    assert letter.revoked_reason == "Visa refused"


def test_issuing_twice_shows_the_refusal_naming_the_person(client, edition, organizer):
    registration = passport_guest(edition)
    letters.issue_letter(edition, person=registration.person)
    client.force_login(organizer)
    response = client.post(_manage("letters", edition), {"registration": registration.pk}, follow=True, **EN)
    assert (
        "Wanjiru Kamau already has letter EFGG-2023-0001: revoke it before issuing another."
        in response.content.decode()
    )
    assert InvitationLetter.objects.count() == 1


def test_guest_services_may_issue_letters_but_not_manage_partners(client, edition):
    user = committee_user(edition, "guest_services")
    client.force_login(user)
    assert client.get(_manage("letters", edition)).status_code == 200
    assert client.get(_manage("partners", edition)).status_code == 403


@pytest.mark.parametrize("who", ["anonymous", "staff", "other_organizer"])
def test_outsiders_get_nothing_and_change_nothing(client, edition, who):
    letter = letters.issue_letter(edition, person=passport_guest(edition).person)
    delegation = DelegationFactory(edition=edition)
    member = services.add_member(delegation, person=passport_guest(edition).person)
    if who == "staff":
        client.force_login(committee_user(edition, "staff"))
        expected = 403
    elif who == "other_organizer":
        client.force_login(committee_user(EditionFactory(year=2030), "organizer"))
        expected = 404
    else:
        expected = 302  # to the login page
    gets = [
        _manage("overview", edition),
        _manage("letters", edition),
        _manage("letter_pdf", edition, pk=letter.pk),
        _manage("delegation", edition, pk=delegation.pk),
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == expected, url
        assert PASSPORT not in response.content.decode()
    posts = [
        (_manage("letter_revoke", edition, pk=letter.pk), {"reason": "x"}),
        (_manage("member_remove", edition, pk=member.pk), {}),
        (_manage("delegation_create", edition), {"country": "FR", "name_en": "France"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == expected, url
    letter.refresh_from_db()
    assert letter.revoked_at is None
    assert DelegationMember.objects.count() == 1
    assert Delegation.objects.count() == 1
    assert not AuditEntry.objects.filter(action="cooperation.letter.downloaded").exists()


def test_another_editions_letter_and_delegation_ids_are_404(client, edition, organizer):
    other = EditionFactory(year=2030)
    letter = letters.issue_letter(other, person=RegistrationFactory(edition=other).person)
    delegation = DelegationFactory(edition=other)
    client.force_login(organizer)
    assert client.get(_manage("letter_pdf", edition, pk=letter.pk)).status_code == 404
    assert client.post(_manage("letter_revoke", edition, pk=letter.pk), {"reason": "x"}).status_code == 404
    assert client.get(_manage("delegation", edition, pk=delegation.pk)).status_code == 404
    letter.refresh_from_db()
    assert letter.revoked_at is None


def test_organizer_adds_a_partner_and_an_agreement_and_moves_its_status(client, edition, organizer):
    organization = OrganizationFactory(country="KE", name_en="UN Environment Programme")
    client.force_login(organizer)
    response = client.post(
        _manage("partners", edition),
        {"organization": organization.pk, "slug": "unep", "kind": "international", "country": "ke", "is_public": "on"},
    )
    assert response.status_code == 302
    partner = Partner.objects.get()
    response = client.post(
        _manage("agreements", edition),
        {
            "slug": "mou-unep",
            "kind": "mou",
            "title_zh_hans": "备忘录",
            "partners": [partner.pk],
            "status": "negotiating",
        },
    )
    assert response.status_code == 302
    agreement = partner.agreements.get()
    client.post(_manage("agreement_status", edition, pk=agreement.pk), {"status": "signed", "on": "2023-07-08"})
    response = client.post(
        _manage("agreement_status", edition, pk=agreement.pk), {"status": "negotiating"}, follow=True, **EN
    )
    assert "备忘录 cannot go from “Signed” to “Under negotiation”." in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on) == ("signed", dt.date(2023, 7, 8))


def test_member_form_with_an_unknown_person_changes_nothing(client, edition, organizer):
    delegation = DelegationFactory(edition=edition)
    client.force_login(organizer)
    response = client.post(_manage("delegation", edition, pk=delegation.pk), {"person": "nobody-here"}, **EN)
    assert response.status_code == 400
    assert "No person has the address “nobody-here”." in response.content.decode()
    assert delegation.members.count() == 0


@pytest.mark.parametrize("size", [1, 3])
def test_partners_and_agreements_desk_constant_queries(client, edition, organizer, size, django_assert_max_num_queries):
    for n in range(size):
        _signed(n)
    client.force_login(organizer)
    with django_assert_max_num_queries(14):
        partners = client.get(_manage("partners", edition), **EN).content.decode()
    with django_assert_max_num_queries(16):
        agreements = client.get(_manage("agreements", edition), **EN).content.decode()
    assert partners.count('<td data-label="Partner">') == 2 * size
    assert agreements.count('class="coop-status coop-status-signed"') == size


def test_letters_list_is_paginated(client, edition, organizer, monkeypatch):
    from ecoforum.cooperation import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        letters.issue_letter(edition, person=passport_guest(edition).person)
    client.force_login(organizer)
    first = client.get(_manage("letters", edition), **EN).content.decode()
    second = client.get(_manage("letters", edition), {"page": "2"}, **EN).content.decode()
    assert (first.count('class="coop-number"'), second.count('class="coop-number"')) == (2, 1)
    assert "Page 1 of 2" in first
    assert "EFGG-2023-0003" in second


def test_agreement_and_partner_edit_pages_save_changes(client, edition, organizer):
    agreement = _signed(0)
    partner = agreement.partners.first()
    client.force_login(organizer)
    assert client.get(_manage("agreement", edition, pk=agreement.pk), **EN).status_code == 200
    response = client.post(
        _manage("agreement", edition, pk=agreement.pk),
        {
            "kind": "agreement",
            "title_zh_hans": "新标题",
            "partners": [partner.pk],
            "signed_on": "2023-07-08",
            "starts_on": "2023-07-08",
            "ends_on": "2023-07-01",
        },
        follow=True,
        **EN,
    )
    assert "it cannot end (2023-07-01) before it starts (2023-07-08)." in response.content.decode()
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.ends_on) == ("mou", None)
    assert client.get(_manage("partner", edition, pk=partner.pk), **EN).status_code == 200
    client.post(_manage("partner", edition, pk=partner.pk), {"kind": "research", "country": "DE"})
    partner.refresh_from_db()
    assert (partner.kind, partner.country) == ("research", "DE")
    assert client.get(_manage("partner", edition, pk=999999)).status_code == 404
    assert client.get(_manage("agreement", edition, pk=999999)).status_code == 404
