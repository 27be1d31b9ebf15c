"""The think tank in the back office: invitations with their history, counts, inviting and
withdrawing; the experts' proposals and the organizers' answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.people import services, thinktank
from ecoforum.people.models import AdvisoryInput, Invitation

from ..factories import CommitteeMemberFactory, EditionFactory, ExpertProfileFactory, UserFactory
from .factories_thinktank import AdvisoryInputFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def _url(edition, name="thinktank", **kwargs):
    return reverse(f"manage_people:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def test_invitation_history_has_sent_answered_withdrawn_in_order(edition, organizer):
    person = ExpertProfileFactory().person
    invitation = services.invite_person(edition, person, actor=organizer, role="expert")
    services.respond_to_invitation(invitation, accept=True)
    services.withdraw_invitation(invitation, actor=organizer)
    other = services.invite_person(edition, ExpertProfileFactory().person, actor=organizer, role="speaker")

    histories = thinktank.invitation_histories([invitation, other])

    assert [e.action for e in histories[invitation.pk]] == [
        "people.invitation.sent",
        "people.invitation.answered",
        "people.invitation.withdrawn",
    ]
    assert [e.action for e in histories[other.pk]] == ["people.invitation.sent"]


def test_invitation_counts(edition):
    for status in ("pending", "pending", "accepted", "declined", "withdrawn"):
        InvitationFactory(edition=edition, status=status)
    InvitationFactory(edition=EditionFactory(year=2030), status="accepted")
    assert thinktank.invitation_counts(edition) == {"invited": 4, "accepted": 1, "declined": 1, "pending": 2}


def test_back_office_lists_invitations_with_filter_and_history_in_english(client, edition, organizer):
    accepted = services.invite_person(
        edition, ExpertProfileFactory(person__name_en="Wang Lin").person, actor=organizer, role="expert"
    )
    services.respond_to_invitation(accepted, accept=True)
    services.invite_person(
        edition, ExpertProfileFactory(person__name_en="Li Mei").person, actor=organizer, role="speaker"
    )
    client.force_login(organizer)

    response = client.get(_url(edition) + "?status=accepted", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [row["invitation"] for row in response.context["rows"]] == [accepted]
    html = response.content.decode()
    assert "Wang Lin" in html
    assert "Li Mei</a>" not in html
    assert "answered: accepted" in html
    assert response.context["counts"] == {"invited": 2, "accepted": 1, "declined": 0, "pending": 1}


def test_back_office_filter_by_role(client, edition, organizer):
    InvitationFactory(edition=edition, role="speaker")
    expert = InvitationFactory(edition=edition, role="expert")
    client.force_login(organizer)
    response = client.get(_url(edition) + "?role=expert")
    assert [row["invitation"] for row in response.context["rows"]] == [expert]


@pytest.mark.parametrize("size", [1, 3])
def test_back_office_invitations_queries_do_not_grow(client, edition, organizer, django_assert_max_num_queries, size):
    for _ in range(size):
        invitation = services.invite_person(edition, ExpertProfileFactory().person, actor=organizer, role="expert")
        services.respond_to_invitation(invitation, accept=False)
    client.force_login(organizer)
    with django_assert_max_num_queries(10):
        response = client.get(_url(edition))
    assert len(response.context["rows"]) == size


def test_organizer_invites_an_expert(client, edition, organizer):
    person = ExpertProfileFactory().person
    client.force_login(organizer)
    response = client.post(_url(edition), {"person": person.pk, "role": "expert", "message_en": "Welcome"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.person, invitation.role, invitation.message_en) == (person, "expert", "Welcome")
    assert AuditEntry.objects.filter(action="people.invitation.sent").count() == 1


def test_second_live_invitation_is_refused_with_the_name(client, edition, organizer):
    person = ExpertProfileFactory(person__name_zh_hans="王林").person
    InvitationFactory(edition=edition, person=person, role="expert")
    client.force_login(organizer)
    response = client.post(_url(edition), {"person": person.pk, "role": "expert"})
    assert response.status_code == 409
    assert "王林" in response.content.decode()
    assert Invitation.objects.count() == 1


def test_invite_an_unknown_person_is_refused(client, edition, organizer):
    client.force_login(organizer)
    response = client.post(_url(edition), {"person": 999999, "role": "expert"})
    assert response.status_code == 400
    assert Invitation.objects.count() == 0


def test_organizer_withdraws(client, edition, organizer):
    invitation = InvitationFactory(edition=edition)
    client.force_login(organizer)
    assert client.post(_url(edition, "withdraw", pk=invitation.pk)).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == "withdrawn"


def test_withdraw_of_another_editions_invitation_is_404(client, edition, organizer):
    invitation = InvitationFactory(edition=EditionFactory(year=2031))
    client.force_login(organizer)
    assert client.post(_url(edition, "withdraw", pk=invitation.pk)).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_back_office_is_404_for_non_organizers(client, edition):
    staff = UserFactory()
    CommitteeMemberFactory(edition=edition, user=staff, role="staff")
    invitation = InvitationFactory(edition=edition)
    client.force_login(staff)
    assert client.get(_url(edition)).status_code == 404
    assert client.post(_url(edition, "withdraw", pk=invitation.pk)).status_code == 404
    assert client.get(_url(edition, "advice")).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == "pending"


def test_organizer_of_another_edition_gets_404(client, edition):
    other = UserFactory()
    CommitteeMemberFactory(edition=EditionFactory(year=2032), user=other, role="organizer")
    client.force_login(other)
    assert client.get(_url(edition)).status_code == 404


# --- proposals in the back office ------------------------------------------------


def test_organizer_sees_the_editions_proposals(client, edition, organizer):
    mine = AdvisoryInputFactory(edition=edition, title_en="Karst restoration")
    AdvisoryInputFactory(edition=EditionFactory(year=2033), title_en="Elsewhere")
    client.force_login(organizer)
    response = client.get(_url(edition, "advice"), HTTP_ACCEPT_LANGUAGE="en")
    assert [row["advice"] for row in response.context["rows"]] == [mine]
    assert "Karst restoration" in response.content.decode()


@pytest.mark.parametrize("size", [1, 3])
def test_back_office_advice_queries_do_not_grow(client, edition, organizer, django_assert_max_num_queries, size):
    AdvisoryInputFactory.create_batch(size, edition=edition)
    client.force_login(organizer)
    with django_assert_max_num_queries(7):
        response = client.get(_url(edition, "advice"))
    assert len(response.context["rows"]) == size


def test_organizer_answers_a_proposal(client, edition, organizer):
    advice = AdvisoryInputFactory(edition=edition)
    client.force_login(organizer)
    prefix = f"a{advice.pk}"
    response = client.post(
        _url(edition, "advice_answer", pk=advice.pk),
        {f"{prefix}-status": "considering", f"{prefix}-response_zh_hans": "研究中", f"{prefix}-response_en": "Looking"},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.status, advice.response_zh_hans, advice.response_en) == ("considering", "研究中", "Looking")
    assert AuditEntry.objects.get(action="people.advice.answered").actor == organizer


def test_answer_with_a_bad_status_changes_nothing(client, edition, organizer):
    advice = AdvisoryInputFactory(edition=edition)
    client.force_login(organizer)
    client.post(_url(edition, "advice_answer", pk=advice.pk), {f"a{advice.pk}-status": "bogus"})
    advice.refresh_from_db()
    assert advice.status == "received"


def test_answer_to_another_editions_proposal_is_404(client, edition, organizer):
    advice = AdvisoryInputFactory(edition=EditionFactory(year=2034))
    client.force_login(organizer)
    response = client.post(_url(edition, "advice_answer", pk=advice.pk), {f"a{advice.pk}-status": "adopted"})
    assert response.status_code == 404
    assert AdvisoryInput.objects.get().status == "received"
