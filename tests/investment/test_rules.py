"""Who may act for an investor or a project: the permissions, and the services that check them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from ecoforum.core.models import AuditEntry
from ecoforum.investment import services
from ecoforum.investment.exceptions import InvestmentError
from ecoforum.investment.models import InvestmentProject, Investor

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from .factories import InvestmentProjectFactory, InvestorFactory, MeetingRequestFactory, entry


def user_of(organization):
    user = UserFactory()
    PersonFactory(user=user, organization=organization)
    return user


@pytest.fixture
def project(edition):
    return InvestmentProjectFactory(edition=edition, code="GZ-001")


@pytest.fixture
def investor(db):
    return InvestorFactory()


def test_investor_people_act_for_their_investor_only(investor):
    contact = UserFactory()
    investor.contacts.add(PersonFactory(user=contact))
    other = InvestorFactory()
    assert [
        user_of(investor.organization).has_perm("investment.act_for_investor", investor),
        contact.has_perm("investment.act_for_investor", investor),
        user_of(other.organization).has_perm("investment.act_for_investor", investor),
        UserFactory().has_perm("investment.act_for_investor", investor),
        UserFactory(is_superuser=True).has_perm("investment.act_for_investor", investor),
    ] == [True, True, False, False, True]


def test_change_project_is_for_its_owner_and_organizers(project, organizer):
    assert [
        user_of(project.owner).has_perm("investment.change_project", project),
        organizer.has_perm("investment.change_project", project),
        user_of(OrganizationFactory()).has_perm("investment.change_project", project),
        UserFactory().has_perm("investment.change_project", project),
    ] == [True, True, False, False]


def test_organizer_of_another_edition_may_not_change_the_project(project):
    from ..factories import CommitteeMemberFactory

    elsewhere = CommitteeMemberFactory(edition=EditionFactory(), role="organizer").user
    assert elsewhere.has_perm("investment.change_project", project) is False


def test_request_permissions_follow_the_sides(edition, organizer):
    request = MeetingRequestFactory(edition=edition, requested_by="investor")
    investor_user = user_of(request.investor.organization)
    owner_user = user_of(request.project.owner)
    stranger = user_of(OrganizationFactory())
    table = {
        user: [
            user.has_perm(f"investment.{perm}", request)
            for perm in ("view_request", "answer_request", "withdraw_request")
        ]
        for user in (investor_user, owner_user, organizer, stranger)
    }
    assert list(table.values()) == [
        [True, False, True],
        [True, True, False],
        [True, False, False],
        [False, False, False],
    ]


def test_update_project_refuses_another_owner(project, english):
    intruder = user_of(OrganizationFactory())
    with pytest.raises(PermissionDenied, match="You may not change project GZ-001"):
        services.update_project(project, actor=intruder, name_en="Taken over")
    assert InvestmentProject.objects.get(pk=project.pk).name_en == project.name_en


def test_update_project_by_its_owner(project):
    services.update_project(project, actor=user_of(project.owner), stage="operating")
    assert InvestmentProject.objects.get(pk=project.pk).stage == "operating"


def test_create_project_is_for_organizers(edition, organizer, english):
    fields = {
        "code": "GZ-009",
        "name_zh_hans": "新项目",
        "province": "贵州省",
        "industry": entry("1.1.1"),
        "investment_sought": Decimal(1000),
        "owner": OrganizationFactory(),
    }
    with pytest.raises(PermissionDenied):
        services.create_project(edition, actor=user_of(fields["owner"]), **fields)
    created = services.create_project(edition, actor=organizer, **fields)
    assert list(InvestmentProject.objects.values_list("pk", flat=True)) == [created.pk]


def test_update_investor_interests_with_audit(investor):
    actor = user_of(investor.organization)
    services.update_investor_interests(
        investor,
        industries=[entry("3.2.2"), entry("1")],
        regions=[" 贵州省 ", "", "贵州省", "遵义市"],
        ticket_min=Decimal("1e8"),
        ticket_max=None,
        actor=actor,
    )
    investor = Investor.objects.get(pk=investor.pk)
    assert (sorted(i.code for i in investor.industries.all()), investor.regions, investor.ticket_min) == (
        ["1", "3.2.2"],
        ["贵州省", "遵义市"],
        Decimal("1e8"),
    )
    entry_ = AuditEntry.objects.get(action="investment.investor.interests_changed")
    assert (entry_.actor_id, entry_.data["industries"]) == (actor.pk, [[], ["1", "3.2.2"]])


def test_update_investor_interests_refuses_others_and_bad_tickets(investor):
    with pytest.raises(PermissionDenied):
        services.update_investor_interests(
            investor, industries=[], regions=[], ticket_min=None, ticket_max=None, actor=UserFactory()
        )
    with pytest.raises(InvestmentError):
        services.update_investor_interests(
            investor, industries=[], regions=[], ticket_min=Decimal(10), ticket_max=Decimal(5), actor=None
        )
    with pytest.raises(InvestmentError):
        services.update_investor_interests(
            investor, industries=[], regions=[], ticket_min=1.5, ticket_max=None, actor=None
        )
    assert AuditEntry.objects.filter(action="investment.investor.interests_changed").count() == 0
