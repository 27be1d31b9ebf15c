"""Reads: the edition's summary by the counting rules of signings, status filters, overdue lists, access."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecoforum.core.money import Money
from ecoforum.outcomes import queries, services
from ecoforum.outcomes.enums import Status
from ecoforum.outcomes.exceptions import UnknownOutcome
from ecoforum.outcomes.models import Stage

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from ..investment.factories import InvestmentProjectFactory, SigningFactory, SigningPartyFactory, entry
from .conftest import signed_at
from .factories import LinkEvidenceFactory, OutcomeFactory

TODAY = dt.date(2024, 1, 1)
M = Decimal(1_000_000)


def record(outcome, kind: str, day: dt.date, amount: Decimal | None = None) -> None:
    stage = Stage.objects.select_related("outcome__edition", "outcome__signing").get(outcome=outcome, kind=kind)
    services.record_stage(stage, actor=None, actual_on=day, actual_amount=amount)


@pytest.fixture
def portfolio(edition):
    """A hand-made edition:

    - O1 CG-2023-001: 贵阳市, industry 1.1.1, new investment 500 m, landed (in production, 450 m funds in);
    - O2 CG-2023-002: 遵义市, industry 3.2.2, capital increase of 800 m of which 300 m new, started;
    - O3 CG-2023-003: no project, USD 100 m, a government's strategic agreement;
    - O4 CG-2023-004: 云南省 (no city), industry 1.1.1, new 400 m, not public;
    - O5 CG-2023-005: an initiative, no money, no stages.
    """
    p1 = InvestmentProjectFactory(edition=edition, city="贵阳市")
    p2 = InvestmentProjectFactory(edition=edition, city="遵义市", industry=entry("3.2.2"))
    p4 = InvestmentProjectFactory(edition=edition, province="云南省", city="")
    s1 = SigningFactory(edition=edition, project=p1, amount=500 * M, signed_at=signed_at(edition, 0, 10))
    s2 = SigningFactory(
        edition=edition,
        project=p2,
        kind="capital_increase",
        amount=800 * M,
        increment=300 * M,
        signed_at=signed_at(edition, 0, 11),
    )
    s3 = SigningFactory(
        edition=edition, project=None, amount=100 * M, currency="USD", signed_at=signed_at(edition, 0, 12)
    )
    SigningPartyFactory(signing=s3, role="government")
    s4 = SigningFactory(edition=edition, project=p4, amount=400 * M, signed_at=signed_at(edition, 0, 13))
    o1, o2, o3, o4 = (services.follow_signing(s, actor=None) for s in (s1, s2, s3, s4))
    services.change_outcome(o4, actor=None, is_public=False)
    o5 = services.create_outcome(
        edition,
        actor=None,
        kind="initiative",
        title_zh_hans="生态文明贵阳倡议",
        title_en="Guiyang initiative",
        responsible_unit=OrganizationFactory(),
    )
    record(o1, "started", dt.date(2023, 9, 1))
    record(o1, "in_production", dt.date(2023, 12, 1))
    record(o1, "funds_in", dt.date(2023, 12, 15), 450 * M)
    record(o2, "started", dt.date(2023, 10, 1))
    return o1, o2, o3, o4, o5


def test_summary_counts_signed_by_the_rules_of_signings(edition, portfolio):
    summary = queries.outcome_summary(edition, today=TODAY)

    assert (summary.count, summary.signed, summary.landed, summary.other_currencies) == (
        5,
        Money(1200 * M),
        Money(450 * M),
        {"USD": 100 * M},
    )


def test_summary_conversion_by_count_and_by_amount(edition, portfolio):
    summary = queries.outcome_summary(edition, today=TODAY)

    assert (summary.signed_projects, summary.started, summary.in_production, summary.funds_in) == (4, 2, 1, 1)
    assert (summary.conversion, summary.conversion_by_amount) == (Decimal("0.2500"), Decimal("0.4167"))


def test_summary_by_status_and_kind(edition, portfolio):
    summary = queries.outcome_summary(edition, today=TODAY)

    assert summary.by_status == {"green": 2, "yellow": 0, "red": 2, "done": 1, "abandoned": 0}
    assert summary.by_kind == {
        "signing": 4,
        "initiative": 1,
        "declaration": 0,
        "institution": 0,
        "agreement": 0,
        "other": 0,
    }


def test_summary_by_level_1_industry(edition, portfolio):
    summary = queries.outcome_summary(edition, today=TODAY)

    assert [(i.code, s, lnd) for i, s, lnd in summary.by_industry] == [
        ("1", Money(900 * M), Money(450 * M)),
        ("3", Money(300 * M), Money(0)),
    ]


def test_summary_by_region_city_or_province(edition, portfolio):
    summary = queries.outcome_summary(edition, today=TODAY)

    assert summary.by_region == [
        ("贵阳市", Money(500 * M), Money(450 * M)),
        ("云南省", Money(400 * M), Money(0)),
        ("遵义市", Money(300 * M), Money(0)),
    ]


def test_public_summary_leaves_out_private_outcomes(edition, portfolio):
    summary = queries.outcome_summary(edition, today=TODAY, public_only=True)

    assert (summary.count, summary.signed, summary.signed_projects) == (4, Money(800 * M), 3)


def test_summary_counts_a_followed_repeat_signing_zero(edition):
    project = InvestmentProjectFactory(edition=edition)
    SigningFactory(edition=edition, project=project, amount=200 * M, signed_at=signed_at(edition, 0, 10))
    repeat = SigningFactory(edition=edition, project=project, amount=200 * M, signed_at=signed_at(edition, 1, 10))
    services.follow_signing(repeat, actor=None)

    summary = queries.outcome_summary(edition, today=TODAY)

    assert (summary.count, summary.signed, summary.signed_projects) == (1, Money(0), 1)
    assert summary.conversion_by_amount is None


def test_summary_of_an_edition_without_outcomes(edition):
    summary = queries.outcome_summary(edition, today=TODAY)

    assert (summary.count, summary.signed, summary.conversion, summary.by_industry) == (0, Money(0), None, [])


def test_abandoned_outcome_counts_signed_but_not_in_status_red(edition, portfolio):
    services.abandon_outcome(portfolio[3], actor=None, reason="项目取消")

    summary = queries.outcome_summary(edition, today=TODAY)

    assert (summary.signed, summary.by_status["red"], summary.by_status["abandoned"]) == (Money(1200 * M), 1, 1)


@pytest.mark.parametrize("status", Status.values)
def test_status_filter_matches_the_computed_status(edition, portfolio, status):
    services.abandon_outcome(portfolio[4], actor=None, reason="合并")
    rows = queries.outcome_rows(queries.outcomes_of(edition, today=TODAY), TODAY)

    found = queries.outcomes_of(edition, status=status, today=TODAY)

    assert [o.code for o in found] == [r.outcome.code for r in rows if r.status == status]


def test_status_filter_yellow_within_30_days(edition, portfolio):
    found = queries.outcomes_of(edition, status="yellow", today=dt.date(2024, 6, 8))

    assert [o.code for o in found] == ["CG-2023-002"]


def test_overdue_rows_latest_first(edition, portfolio):
    o3 = portfolio[2]
    services.replan_stage(
        Stage.objects.select_related("outcome__edition", "outcome__signing").get(outcome=o3, kind="started"),
        actor=None,
        planned_on=dt.date(2023, 12, 1),
        reason="审批",
    )

    rows = queries.overdue_rows(edition, TODAY)

    assert [(r.outcome.code, r.days_late, r.next_stage.kind) for r in rows] == [
        ("CG-2023-004", 85, "started"),
        ("CG-2023-003", 31, "started"),
    ]


def test_outcomes_of_filters_by_unit_and_text(edition, portfolio):
    o1 = portfolio[0]

    by_unit = queries.outcomes_of(edition, unit=o1.responsible_unit)
    by_text = queries.outcomes_of(edition, text="贵阳倡议")

    assert ([o.code for o in by_unit], [o.code for o in by_text]) == (["CG-2023-001"], ["CG-2023-005"])
    assert [o.code for o in queries.outcomes_of(edition, text="Guiyang init")] == ["CG-2023-005"]


def test_outcome_list_query_count_does_not_grow(edition, django_assert_num_queries):
    for _ in range(3):
        services.follow_signing(
            SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition)), actor=None
        )

    with django_assert_num_queries(3):
        rows = queries.outcome_rows(queries.outcomes_of(edition), TODAY)

    assert len(rows) == 3


def test_outcomes_reported_by_a_unit_across_editions(outcome, reporter, owner_org):
    later = EditionFactory(year=2024)
    next_year = OutcomeFactory(edition=later, code="CG-2024-001", responsible_unit=owner_org)
    OutcomeFactory(edition=later, code="CG-2024-002")

    assert list(queries.outcomes_reported_by(reporter)) == [next_year, outcome]


def test_outcomes_reported_by_a_contact_person(edition):
    user = UserFactory()
    person = PersonFactory(user=user)
    named = OutcomeFactory(edition=edition)
    named.contacts.add(person)

    assert list(queries.outcomes_reported_by(user)) == [named]
    assert list(queries.outcomes_reported_by(UserFactory())) == []


def test_outcome_for_gives_the_same_error_for_missing_and_not_yours(edition, outcome, stranger, english):
    with pytest.raises(UnknownOutcome) as missing:
        queries.outcome_for(stranger, edition, "CG-2023-404", perm="outcomes.report_on_outcome")
    with pytest.raises(UnknownOutcome) as not_yours:
        queries.outcome_for(stranger, edition, "CG-2023-001", perm="outcomes.report_on_outcome")

    assert str(missing.value) == "There is no outcome CG-2023-404 in Eco Forum Global Guiyang 2023."
    assert str(not_yours.value) == "There is no outcome CG-2023-001 in Eco Forum Global Guiyang 2023."


def test_outcome_for_the_responsible_unit(edition, outcome, reporter):
    assert queries.outcome_for(reporter, edition, "CG-2023-001", perm="outcomes.report_on_outcome") == outcome


def test_evidence_for_the_unit_and_staff_but_not_the_public(edition, outcome, reporter, staff, stranger):
    evidence = LinkEvidenceFactory(outcome=outcome)

    assert queries.evidence_for(reporter, edition, "CG-2023-001", evidence.pk) == evidence
    assert queries.evidence_for(staff, edition, "CG-2023-001", evidence.pk) == evidence
    for user in (stranger, None):
        with pytest.raises(UnknownOutcome):
            queries.evidence_for(user, edition, "CG-2023-001", evidence.pk)


def test_evidence_of_another_outcome_is_unknown(edition, outcome, reporter):
    other = LinkEvidenceFactory(outcome=OutcomeFactory(edition=edition, responsible_unit=outcome.responsible_unit))

    with pytest.raises(UnknownOutcome):
        queries.evidence_for(reporter, edition, "CG-2023-001", other.pk)
