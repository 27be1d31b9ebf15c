import pytest

from ecoforum.core.models import AuditEntry
from ecoforum.people import services
from ecoforum.people.enums import InvitationStatus
from ecoforum.people.exceptions import AlreadyInvited, InvitationClosed
from ecoforum.people.models import Invitation

from ..factories import PersonFactory


def test_invitation_accept_then_change_mind(edition):
    person = PersonFactory()
    invitation = services.invite_person(edition, person, actor=None, role="speaker")
    services.respond_to_invitation(invitation, accept=True, note="乐意参加")
    invitation = services.respond_to_invitation(invitation, accept=False, note="行程冲突")
    invitation.refresh_from_db()
    assert (invitation.status, invitation.response_note) == (InvitationStatus.DECLINED, "行程冲突")
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "people.invitation.sent",
        "people.invitation.answered",
        "people.invitation.answered",
    ]


def test_second_live_invitation_in_the_same_role_is_refused(edition):
    person = PersonFactory(name_zh_hans="陈静")
    services.invite_person(edition, person, actor=None, role="speaker")
    with pytest.raises(AlreadyInvited) as err:
        services.invite_person(edition, person, actor=None, role="speaker")
    assert str(err.value) == "陈静 已有一份该角色的有效邀请。"
    assert Invitation.objects.count() == 1


def test_withdrawn_invitation_cannot_be_answered(edition):
    invitation = services.invite_person(edition, PersonFactory(), actor=None, role="guest")
    services.withdraw_invitation(invitation, actor=None)
    with pytest.raises(InvitationClosed):
        services.respond_to_invitation(invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.WITHDRAWN


def test_invitation_tokens_are_long_and_unique(edition):
    a = services.invite_person(edition, PersonFactory(), actor=None, role="guest")
    b = services.invite_person(edition, PersonFactory(), actor=None, role="guest")
    assert a.token != b.token
    assert len(a.token) >= 32
