"""Partners and agreements per forum: one forum's organizers neither see nor touch another forum's, on the
desk, in the services and in the database; superusers reach every forum's."""

from __future__ import annotations

from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from ecoforum.cooperation import queries, services
from ecoforum.cooperation.exceptions import CooperationError, UnknownAgreement, UnknownPartner
from ecoforum.cooperation.models import Agreement, Delegation, Partner

from ..factories import EditionFactory, ForumFactory, OrganizationFactory, UserFactory
from ..services.factories import committee_user
from .factories import AgreementFactory, DelegationFactory, PartnerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _manage(name, edition, **kwargs):
    return reverse(f"manage_cooperation:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


@pytest.fixture
def other():
    """Another forum hosted on the same server, with an edition, a partner and an agreement of its own."""
    forum = ForumFactory(slug="other", name_zh_hans="另一论坛", name_en="Other Forum")
    edition = EditionFactory(forum=forum, year=2031)
    partner = PartnerFactory(
        forum=forum, slug="other-partner", organization=OrganizationFactory(name_en="Other Forum Partner")
    )
    agreement = AgreementFactory(edition=edition, slug="other-mou", title_en="Other Forum MoU", partners=[partner])
    return {"forum": forum, "edition": edition, "partner": partner, "agreement": agreement}


def test_organizer_lists_only_their_forums_partners_and_agreements(client, edition, organizer, other):
    own = PartnerFactory(organization=OrganizationFactory(name_en="Own Partner"))
    AgreementFactory(edition=edition, title_en="Own MoU", partners=[own])
    client.force_login(organizer)

    partners = client.get(_manage("partners", edition), **EN).content.decode()
    agreements = client.get(_manage("agreements", edition), **EN).content.decode()

    # a partner's row links its name (the organizations, shared by all forums, are offered in the form)
    assert (">Own Partner</a>" in partners, ">Other Forum Partner</a>" in partners) == (True, False)
    assert ("Own MoU" in agreements, "Other Forum MoU" in agreements) == (True, False)


def test_organizer_cannot_open_or_change_another_forums_partner_or_agreement(client, edition, organizer, other):
    partner, agreement = other["partner"], other["agreement"]
    client.force_login(organizer)

    answers = [
        client.get(_manage("partner", edition, pk=partner.pk)).status_code,
        client.post(_manage("partner", edition, pk=partner.pk), {"kind": "company", "country": "DE"}).status_code,
        client.get(_manage("agreement", edition, pk=agreement.pk)).status_code,
        client.post(_manage("agreement", edition, pk=agreement.pk), {"kind": "agreement"}).status_code,
        client.post(_manage("agreement_status", edition, pk=agreement.pk), {"status": "signed"}).status_code,
    ]

    assert answers == [404] * 5
    partner.refresh_from_db()
    agreement.refresh_from_db()
    assert (partner.kind, partner.country, agreement.kind, agreement.status) == (
        "international",
        "FR",
        "mou",
        "negotiating",
    )


def test_another_forums_organizer_does_not_reach_this_forums_desk(client, edition, other):
    partner = PartnerFactory()
    client.force_login(committee_user(other["edition"], "organizer"))

    assert client.get(_manage("partner", edition, pk=partner.pk)).status_code == 404
    assert client.get(_manage("partner", other["edition"], pk=partner.pk)).status_code == 404
    assert client.get(_manage("partner", other["edition"], pk=other["partner"].pk)).status_code == 200


def test_organizer_of_another_edition_of_the_same_forum_manages_its_partners(edition, other):
    later = EditionFactory(forum=edition.forum, year=2024)
    partner = PartnerFactory()

    found = queries.get_partner_for(committee_user(later, "organizer"), partner.pk)

    assert found == partner


def test_desk_refuses_another_forums_partner_on_an_agreement(client, edition, organizer, other):
    own = PartnerFactory()
    agreement = AgreementFactory(edition=edition, partners=[own])
    client.force_login(organizer)
    stranger = other["partner"].pk

    created = client.post(
        _manage("agreements", edition),
        {"slug": "mou-x", "kind": "mou", "title_zh_hans": "备忘录", "partners": [stranger], "status": "negotiating"},
        **EN,
    )
    changed = client.post(
        _manage("agreement", edition, pk=agreement.pk),
        {"kind": "mou", "title_zh_hans": "备忘录", "partners": [own.pk, stranger]},
        **EN,
    )

    message = f"Partner {stranger} is not one of this forum's partners."
    assert (created.status_code, message in unescape(created.content.decode())) == (400, True)
    assert (changed.status_code, message in unescape(changed.content.decode())) == (400, True)
    assert Agreement.objects.filter(slug="mou-x").exists() is False
    assert list(agreement.partners.all()) == [own]


def test_delegation_form_refuses_another_forums_partner(client, edition, organizer, other):
    client.force_login(organizer)

    response = client.post(
        _manage("delegation_create", edition),
        {"country": "KE", "name_en": "Kenya", "partner": other["partner"].pk},
        follow=True,
        **EN,
    )

    assert "That is not one of this forum's partners." in unescape(response.content.decode())
    assert Delegation.objects.filter(edition=edition).exists() is False


def test_services_refuse_another_forums_partner_with_a_clear_message(edition, other):
    stranger = other["partner"]
    agreement = AgreementFactory(edition=edition)
    expected = (
        f"Memo: “{stranger}” is not a partner of {edition.forum}; choose among this forum's partners.",
        f"{agreement}: “{stranger}” is not a partner of {edition.forum}; choose among this forum's partners.",
        f"Kenya: “{stranger}” is not a partner of {edition.forum}; choose among this forum's partners.",
        f"Memo: the edition {other['edition']} is not an edition of {edition.forum}.",
    )

    messages = []
    for attempt in (
        lambda: services.create_agreement(
            forum=edition.forum, slug="memo", title_zh_hans="Memo", partners=[stranger], edition=edition
        ),
        lambda: services.change_agreement(agreement, partners=[stranger]),
        lambda: services.create_delegation(edition, country="KE", name_zh_hans="Kenya", partner=stranger),
        lambda: services.create_agreement(
            forum=edition.forum,
            slug="memo",
            title_zh_hans="Memo",
            partners=[PartnerFactory()],
            edition=other["edition"],
        ),
    ):
        with pytest.raises(CooperationError) as caught:
            attempt()
        messages.append(caught.value.message)

    assert tuple(messages) == expected
    assert [p.forum_id for p in agreement.partners.all()] == [edition.forum_id]


def test_database_keeps_partners_in_their_forum(edition, other):
    """The triggers of migration 0004, on whichever database the suite runs."""
    stranger = other["partner"]
    agreement = AgreementFactory(edition=edition)
    attempts = [
        lambda: agreement.partners.add(stranger),
        lambda: Delegation.objects.create(edition=edition, country="KE", name="Kenya", partner=stranger),
        lambda: Agreement.objects.create(forum=edition.forum, slug="x", title="x", edition=other["edition"]),
        lambda: Partner.objects.filter(pk=stranger.pk).update(forum=edition.forum),
        lambda: Agreement.objects.filter(pk=agreement.pk).update(forum=other["forum"], edition=None),
        lambda: Delegation.objects.filter(pk=DelegationFactory(edition=edition).pk).update(partner=stranger),
    ]

    refused = 0
    for attempt in attempts:
        try:
            with transaction.atomic():
                attempt()
        except IntegrityError:
            refused += 1

    assert refused == len(attempts)
    assert Partner.objects.get(pk=stranger.pk).forum_id == other["forum"].pk


def test_same_organization_and_address_may_be_a_partner_of_each_forum(edition, other):
    organization = other["partner"].organization

    partner = services.create_partner(organization, forum=edition.forum, slug="other-partner", kind="research")

    assert (partner.forum_id, partner.slug) == (edition.forum_id, "other-partner")
    assert Partner.objects.filter(organization=organization).count() == 2
    with pytest.raises(CooperationError) as caught:
        services.create_partner(organization, forum=edition.forum, slug="again", kind="research")
    assert caught.value.message == f"{organization} is already a partner."


def test_access_functions_answer_the_same_for_missing_and_another_forums(edition, organizer, other):
    own = PartnerFactory()
    missing = Partner.objects.order_by("-pk").first().pk + 100

    with pytest.raises(UnknownPartner) as not_yours:
        queries.get_partner_for(organizer, other["partner"].pk)
    with pytest.raises(UnknownPartner) as nowhere:
        queries.get_partner_for(organizer, missing)
    with pytest.raises(UnknownAgreement):
        queries.get_agreement_for(organizer, other["agreement"].pk)
    with pytest.raises(UnknownPartner):
        queries.get_partner_for(UserFactory(), own.pk)

    assert queries.get_partner_for(organizer, own.pk) == own
    assert (type(not_yours.value), not_yours.value.message.replace(str(other["partner"].pk), "N")) == (
        type(nowhere.value),
        nowhere.value.message.replace(str(missing), "N"),
    )


def test_superuser_sees_every_forums_partners(client, edition, other):
    own = PartnerFactory()
    superuser = UserFactory(is_superuser=True, is_staff=True)

    found = [queries.get_partner_for(superuser, p.pk) for p in (own, other["partner"])]
    visible = set(queries.partners_visible_to(superuser))
    client.force_login(superuser)
    admin_list = client.get(reverse("admin:cooperation_partner_changelist"), **EN).content.decode()

    assert found == [own, other["partner"]]
    assert visible == {own, other["partner"]}
    assert ("Other Forum Partner" in admin_list, str(own.organization) in admin_list) == (True, True)
    # on a forum's desk only that forum's partners are at home, even for a superuser
    assert client.get(_manage("partner", edition, pk=other["partner"].pk)).status_code == 404
    assert client.get(_manage("partner", other["edition"], pk=other["partner"].pk)).status_code == 200


def test_admin_refuses_another_forums_partner_on_an_agreement(client, edition, other):
    agreement = AgreementFactory(edition=edition, title_zh_hans="备忘录", title_en="MoU")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.post(
        reverse("admin:cooperation_agreement_change", args=[agreement.pk]),
        {
            "forum": edition.forum.pk,
            "slug": agreement.slug,
            "kind": "mou",
            "title_zh_hans": "备忘录",
            "title_en": "MoU",
            "partners": [other["partner"].pk],
            "edition": edition.pk,
            "status": "negotiating",
            "is_public": "on",
        },
        **EN,
    )

    assert response.status_code == 200
    assert f"Not partners of {edition.forum}: {other['partner']}." in unescape(response.content.decode())
    assert [p.forum_id for p in agreement.partners.all()] == [edition.forum_id]


def test_public_partners_page_shows_only_the_editions_forum(client, edition, other):
    PartnerFactory(organization=OrganizationFactory(name_en="Own Partner"))

    page = client.get(reverse("cooperation:partners", kwargs={"edition": edition.slug}), **EN).content.decode()

    assert ("Own Partner" in page, "Other Forum Partner" in page, "Other Forum MoU" in page) == (True, False, False)
