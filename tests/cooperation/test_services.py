"""Partners, agreements (status and dates) and delegations: the services and each refusal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from ecoforum.cooperation import services
from ecoforum.cooperation.exceptions import CooperationError
from ecoforum.cooperation.models import Agreement, DelegationMember, Partner
from ecoforum.core.models import AuditEntry

from ..factories import EditionFactory, ForumFactory, OrganizationFactory, PersonFactory, SessionFactory
from ..services.factories import RegistrationFactory
from .factories import AgreementFactory, DelegationFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = timezone.localdate


def test_create_partner_records_it_and_audits(organizer):
    organization = OrganizationFactory(country="KE")
    partner = services.create_partner(
        organization, forum=ForumFactory(), slug="unep", kind="international", actor=organizer
    )
    assert (partner.slug, partner.country) == ("unep", "KE")
    assert AuditEntry.objects.filter(action="cooperation.partner.added").count() == 1


def test_create_partner_twice_is_refused():
    partner = PartnerFactory()
    with pytest.raises(CooperationError) as caught:
        services.create_partner(partner.organization, forum=partner.forum, slug="other", kind="company")
    assert caught.value.message == f"{partner.organization} is already a partner."
    assert Partner.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"country": "France"}, "“FRANCE” is not a two-letter country code (such as FR or KE)."),
        ({"kind": "club"}, "“club” is not a kind of partner."),
        ({"slug": "Not A Slug"}, "“Not A Slug” is not an address: use lower-case letters, digits and hyphens."),
    ],
)
def test_create_partner_refuses_bad_input(changes, message):
    arguments = {"slug": "ok", "kind": "company", **changes}
    with pytest.raises(CooperationError) as caught:
        services.create_partner(OrganizationFactory(), forum=ForumFactory(), **arguments)
    assert caught.value.message == message
    assert Partner.objects.count() == 0


def test_change_partner_writes_only_what_changed(organizer):
    partner = PartnerFactory(kind="company")
    services.change_partner(partner, kind="research", country="de", actor=organizer)
    partner.refresh_from_db()
    assert (partner.kind, partner.country) == ("research", "DE")
    entry = AuditEntry.objects.get(action="cooperation.partner.changed")
    assert entry.data == {"country": ["FR", "DE"], "kind": ["company", "research"]}


def test_create_signed_agreement_with_its_dates():
    edition = EditionFactory(year=2021)
    session = SessionFactory(edition=edition)
    agreement = services.create_agreement(
        forum=edition.forum,
        slug="mou-kenya",
        title_zh_hans="中肯生态合作备忘录",
        partners=[PartnerFactory()],
        status="signed",
        edition=edition,
        session=session,
        signed_on=dt.date(2021, 7, 9),
        starts_on=dt.date(2021, 7, 9),
        ends_on=dt.date(2026, 7, 8),
    )
    assert (agreement.status, agreement.session_id, agreement.partners.count()) == ("signed", session.pk, 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"status": "signed"}, "Memo: a signed agreement needs its signing date."),
        ({"signed_on": dt.date(2020, 1, 1)}, "Memo is still under negotiation: it has no signing date yet."),
        (
            {"starts_on": dt.date(2024, 1, 1), "ends_on": dt.date(2023, 12, 31)},
            "Memo: it cannot end (2023-12-31) before it starts (2024-01-01).",
        ),
        (
            {"status": "signed", "signed_on": dt.date(2023, 5, 1), "starts_on": dt.date(2023, 4, 1)},
            "Memo: it cannot be in force (2023-04-01) before it is signed (2023-05-01).",
        ),
        (
            {"status": "in_force", "signed_on": dt.date(2023, 5, 1)},
            "Memo: an agreement in force needs the date it came into force.",
        ),
        ({"partners": []}, "Memo: an agreement has at least one partner."),
    ],
)
def test_create_agreement_refuses_bad_dates(arguments, message):
    base = {"forum": ForumFactory(), "slug": "memo", "title_zh_hans": "Memo", "partners": [PartnerFactory()]}
    with pytest.raises(CooperationError) as caught:
        services.create_agreement(**{**base, **arguments})
    assert caught.value.message == message
    assert Agreement.objects.count() == 0


def test_create_agreement_refuses_a_signing_date_in_the_future():
    tomorrow = TODAY() + dt.timedelta(days=1)
    with pytest.raises(CooperationError) as caught:
        services.create_agreement(
            forum=ForumFactory(),
            slug="memo",
            title_zh_hans="Memo",
            partners=[PartnerFactory()],
            status="signed",
            signed_on=tomorrow,
        )
    assert caught.value.message == f"Memo: the signing date {tomorrow} is in the future."


def test_create_agreement_refuses_a_session_of_another_edition():
    edition, other = EditionFactory(), EditionFactory()
    session = SessionFactory(edition=other)
    with pytest.raises(CooperationError) as caught:
        services.create_agreement(
            forum=edition.forum,
            slug="memo",
            title_zh_hans="Memo",
            partners=[PartnerFactory()],
            edition=edition,
            session=session,
        )
    assert caught.value.message == f"Memo: the session “{session}” is not part of the edition where it was signed."


def test_status_moves_forward_and_sets_its_dates(organizer):
    agreement = AgreementFactory(title_zh_hans="Memo", title_en="Memo")
    services.change_agreement_status(agreement, "signed", on=dt.date(2023, 7, 8), actor=organizer)
    services.change_agreement_status(agreement, "in_force", on=dt.date(2023, 8, 1), actor=organizer)
    services.change_agreement_status(agreement, "expired", on=dt.date(2025, 8, 1), actor=organizer)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_on, agreement.starts_on, agreement.ends_on) == (
        "expired",
        dt.date(2023, 7, 8),
        dt.date(2023, 8, 1),
        dt.date(2025, 8, 1),
    )
    assert AuditEntry.objects.filter(action="cooperation.agreement.status_changed").count() == 3


def test_status_cannot_go_back_from_expired_to_negotiating():
    agreement = AgreementFactory(
        title_zh_hans="Memo",
        title_en="Memo",
        status="expired",
        signed_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2022, 1, 1),
    )
    with pytest.raises(CooperationError) as caught:
        services.change_agreement_status(agreement, "negotiating")
    assert caught.value.message == "Memo cannot go from “Expired” to “Under negotiation”."
    agreement.refresh_from_db()
    assert agreement.status == "expired"
    assert AuditEntry.objects.count() == 0


def test_status_to_the_same_status_is_refused():
    agreement = AgreementFactory(title_zh_hans="Memo", title_en="Memo")
    with pytest.raises(CooperationError) as caught:
        services.change_agreement_status(agreement, "negotiating")
    assert caught.value.message == "Memo is already “Under negotiation”."


def test_status_in_force_before_signing_is_refused():
    agreement = AgreementFactory(title_zh_hans="Memo", title_en="Memo", status="signed", signed_on=dt.date(2023, 7, 8))
    with pytest.raises(CooperationError) as caught:
        services.change_agreement_status(agreement, "in_force", on=dt.date(2023, 7, 1))
    assert caught.value.message == "Memo: it cannot be in force (2023-07-01) before it is signed (2023-07-08)."
    agreement.refresh_from_db()
    assert (agreement.status, agreement.starts_on) == ("signed", None)


def test_change_agreement_refuses_an_end_before_the_start():
    agreement = AgreementFactory(title_zh_hans="Memo", title_en="Memo", starts_on=None)
    with pytest.raises(CooperationError):
        services.change_agreement(agreement, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2023, 1, 1))
    agreement.refresh_from_db()
    assert (agreement.starts_on, agreement.ends_on) == (None, None)


def test_change_agreement_partners_are_audited(organizer):
    agreement = AgreementFactory()
    new = PartnerFactory()
    services.change_agreement(agreement, partners=[new], actor=organizer)
    assert list(agreement.partners.all()) == [new]
    assert AuditEntry.objects.get(action="cooperation.agreement.changed").data["partners"][1] == [new.pk]


# --- delegations -------------------------------------------------------------------------------------


def test_delegation_members_with_registration_and_one_head(edition, organizer):
    delegation = services.create_delegation(edition, country="ke", name_zh_hans="肯尼亚代表团", actor=organizer)
    head = RegistrationFactory(edition=edition)
    member = RegistrationFactory(edition=edition)
    services.add_member(delegation, person=head.person, registration=head, is_head=True, actor=organizer)
    services.add_member(delegation, person=member.person, registration=member, actor=organizer)
    assert delegation.country == "KE"
    assert [m.is_head for m in delegation.members.all()] == [True, False]
    with pytest.raises(CooperationError) as caught:
        services.add_member(delegation, person=PersonFactory(), is_head=True)
    assert caught.value.message == f"肯尼亚代表团 already has a head: {head.person}."
    assert delegation.members.count() == 2


def test_add_member_twice_is_refused(edition):
    delegation = DelegationFactory(edition=edition)
    person = PersonFactory()
    services.add_member(delegation, person=person)
    with pytest.raises(CooperationError) as caught:
        services.add_member(delegation, person=person)
    assert caught.value.message == f"{person} is already in the delegation Delegation of Kenya."


def test_add_member_refuses_a_registration_of_another_edition_or_person(edition):
    delegation = DelegationFactory(edition=edition)
    other = RegistrationFactory(edition=EditionFactory())
    with pytest.raises(CooperationError) as caught:
        services.add_member(delegation, person=other.person, registration=other)
    assert caught.value.message == f"Registration {other.reference} is for another edition."
    mine = RegistrationFactory(edition=edition)
    stranger = PersonFactory()
    with pytest.raises(CooperationError) as caught:
        services.add_member(delegation, person=stranger, registration=mine)
    assert caught.value.message == f"Registration {mine.reference} is not {stranger}'s."
    assert DelegationMember.objects.count() == 0


def test_remove_member_is_audited(edition, organizer):
    delegation = DelegationFactory(edition=edition)
    member = services.add_member(delegation, person=PersonFactory())
    services.remove_member(member, actor=organizer)
    assert delegation.members.count() == 0
    assert AuditEntry.objects.filter(action="cooperation.delegation.member_removed").count() == 1


def test_create_delegation_refuses_a_bad_country(edition):
    with pytest.raises(CooperationError) as caught:
        services.create_delegation(edition, country="Kenya", name_zh_hans="肯尼亚")
    assert caught.value.message == "“KENYA” is not a two-letter country code (such as FR or KE)."
