"""The invitee's RSVP page at /rsvp/<token>/."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from ecoforum.core.models import AuditEntry
from ecoforum.people import services
from ecoforum.people.enums import InvitationStatus

from ..factories import PersonFactory


@pytest.fixture(autouse=True)
def _static_root(settings):
    """WhiteNoise warns (an error here) when STATIC_ROOT is missing, as in a fresh clone."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def invitation(edition):
    person = PersonFactory(name_zh_hans="陈静", name_en="Chen Jing")
    return services.invite_person(
        edition,
        person,
        actor=None,
        role="speaker",
        message_zh_hans="诚邀您在开幕式致辞。",
        message_en="We would be honoured to hear you at the opening.",
    )


def rsvp_url(invitation) -> str:
    return reverse("people:rsvp", kwargs={"token": invitation.token})


def test_rsvp_page_shows_the_invitation(client, invitation):
    response = client.get(rsvp_url(invitation))
    body = response.content.decode()
    assert response.status_code == 200
    assert "陈静" in body
    assert "诚邀您在开幕式致辞。" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"].split(", ")


def test_rsvp_page_in_english(client, invitation):
    body = client.get(rsvp_url(invitation), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Dear Chen Jing,</h1>" in body
    assert "You are invited to Eco Forum Global Guiyang 2023 as: Speaker." in body
    assert "<strong>Awaiting reply</strong>" in body


def test_accept_with_a_note(client, invitation):
    response = client.post(
        rsvp_url(invitation), {"answer": "accept", "note": "将携同事一名"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response["Location"]) == (302, rsvp_url(invitation))
    invitation.refresh_from_db()
    assert (invitation.status, invitation.response_note) == (InvitationStatus.ACCEPTED, "将携同事一名")
    assert invitation.responded_at is not None
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Thank you, your acceptance has been recorded." in page
    assert "<strong>Accepted</strong>" in page


def test_decline_then_accept(client, invitation):
    client.post(rsvp_url(invitation), {"answer": "decline", "note": "行程冲突"})
    invitation.refresh_from_db()
    assert (invitation.status, invitation.response_note) == (InvitationStatus.DECLINED, "行程冲突")
    client.post(rsvp_url(invitation), {"answer": "accept", "note": ""})
    invitation.refresh_from_db()
    assert (invitation.status, invitation.response_note) == (InvitationStatus.ACCEPTED, "")
    assert AuditEntry.objects.filter(action="people.invitation.answered").count() == 2


def test_withdrawn_invitation_cannot_be_answered(client, invitation):
    services.withdraw_invitation(invitation, actor=None)
    page = client.get(rsvp_url(invitation), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="form rsvp-form"' not in page
    response = client.post(rsvp_url(invitation), {"answer": "accept"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "This invitation has been withdrawn and can no longer be answered." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_invalid_answer_is_refused(client, invitation):
    response = client.post(rsvp_url(invitation), {"answer": "maybe"})
    assert response.status_code == 400
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.PENDING


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("people:rsvp", kwargs={"token": "not-a-token"})).status_code == 404
