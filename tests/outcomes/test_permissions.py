"""Who may change an outcome: organizers everything, the responsible unit only its own stages and evidence."""

from __future__ import annotations

import datetime as dt

import pytest

from ecoforum.outcomes import services
from ecoforum.outcomes.exceptions import NotAllowed
from ecoforum.outcomes.models import Outcome, Stage

from ..factories import OrganizationFactory, PersonFactory, UserFactory
from ..investment.factories import InvestmentProjectFactory, SigningFactory
from .factories import OutcomeFactory


def stage(outcome: Outcome, kind: str) -> Stage:
    return Stage.objects.select_related("outcome__edition", "outcome__signing").get(outcome=outcome, kind=kind)


def test_unit_records_and_replans_its_own_stages_and_adds_evidence(outcome, reporter):
    services.record_stage(stage(outcome, "started"), actor=reporter, actual_on=dt.date(2023, 10, 9))
    services.replan_stage(stage(outcome, "in_production"), actor=reporter, planned_on=dt.date(2024, 9, 1), reason="x")
    services.add_evidence(outcome, actor=reporter, title="开工仪式", url="https://example.org/a")

    assert (stage(outcome, "started").actual_on, stage(outcome, "in_production").planned_on) == (
        dt.date(2023, 10, 9),
        dt.date(2024, 9, 1),
    )


def test_contact_person_of_another_organization_may_report(outcome):
    user = UserFactory()
    outcome.contacts.add(PersonFactory(user=user))

    services.record_stage(stage(outcome, "started"), actor=user, actual_on=dt.date(2023, 10, 9))

    assert stage(outcome, "started").actual_on == dt.date(2023, 10, 9)


def test_another_unit_may_not_record_replan_or_add_evidence(outcome, stranger, english):
    started = stage(outcome, "started")
    attempts = [
        lambda: services.record_stage(started, actor=stranger, actual_on=dt.date(2023, 10, 9)),
        lambda: services.replan_stage(started, actor=stranger, planned_on=dt.date(2024, 1, 1), reason="x"),
        lambda: services.add_evidence(outcome, actor=stranger, title="t", url="https://example.org/"),
    ]

    messages = []
    for attempt in attempts:
        with pytest.raises(NotAllowed) as caught:
            attempt()
        messages.append(str(caught.value))

    assert messages == ["You may not report on outcome CG-2023-001: it is not one of your unit's outcomes."] * 3
    assert (stage(outcome, "started").actual_on, stage(outcome, "started").planned_on) == (None, dt.date(2023, 10, 8))
    assert outcome.evidence.count() == 0


def test_unit_may_not_touch_a_stage_of_another_units_outcome(outcome, reporter, edition):
    others = services.follow_signing(
        SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition)), actor=None
    )

    with pytest.raises(NotAllowed):
        services.record_stage(stage(others, "started"), actor=reporter, actual_on=dt.date(2023, 10, 9))


@pytest.mark.parametrize(
    "action",
    ["plan", "abandon", "assign", "change", "create", "follow"],
)
def test_unit_may_not_manage_its_outcome(outcome, reporter, signing, action, english):
    calls = {
        "plan": lambda: services.plan_stage(
            outcome, actor=reporter, kind="milestone", planned_on=dt.date(2024, 1, 1), title_zh_hans="节点"
        ),
        "abandon": lambda: services.abandon_outcome(outcome, actor=reporter, reason="不做了"),
        "assign": lambda: services.assign_outcome(outcome, actor=reporter, responsible_unit=OrganizationFactory()),
        "change": lambda: services.change_outcome(outcome, actor=reporter, is_public=False),
        "create": lambda: services.create_outcome(
            outcome.edition,
            actor=reporter,
            kind="other",
            title_zh_hans="x",
            title_en="",
            responsible_unit=outcome.responsible_unit,
        ),
        "follow": lambda: services.follow_signings(outcome.edition, actor=reporter),
    }

    with pytest.raises(NotAllowed) as caught:
        calls[action]()

    assert str(caught.value) == "Only the organizers of Eco Forum Global Guiyang 2023 may manage its outcomes."
    assert Outcome.objects.get(pk=outcome.pk).state == "active"


def test_read_only_staff_may_not_record(outcome, staff):
    with pytest.raises(NotAllowed):
        services.record_stage(stage(outcome, "started"), actor=staff, actual_on=dt.date(2023, 10, 9))


def test_organizer_of_another_edition_may_not_record(outcome):
    from ..factories import CommitteeMemberFactory, EditionFactory

    user = UserFactory()
    CommitteeMemberFactory(edition=EditionFactory(year=2024), user=user, role="organizer")

    with pytest.raises(NotAllowed):
        services.record_stage(stage(outcome, "started"), actor=user, actual_on=dt.date(2023, 10, 9))


def test_organizer_manages_everything(outcome, organizer, edition):
    services.plan_stage(
        outcome, actor=organizer, kind="milestone", planned_on=dt.date(2024, 1, 1), title_zh_hans="环评批复"
    )
    services.record_stage(stage(outcome, "started"), actor=organizer, actual_on=dt.date(2023, 10, 9))
    services.abandon_outcome(outcome, actor=organizer, reason="投资方撤资")

    assert Outcome.objects.get(pk=outcome.pk).state == "abandoned"


def test_unit_without_user_link_has_no_rights(edition):
    user = UserFactory()  # no person: belongs to no unit
    outcome = OutcomeFactory(edition=edition)

    with pytest.raises(NotAllowed):
        services.add_evidence(outcome, actor=user, title="t", url="https://example.org/")
