"""Following signings, stages, evidence, abandoning: the writes and their history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ecoforum.core.models import AuditEntry
from ecoforum.outcomes import services
from ecoforum.outcomes.exceptions import AlreadyFollowed, InvalidEvidence, InvalidStage, OutcomeError
from ecoforum.outcomes.models import Outcome, Stage
from ecoforum.outcomes.queries import history_of

from ..factories import OrganizationFactory
from ..investment.factories import InvestmentProjectFactory, SigningFactory, SigningPartyFactory, entry
from .conftest import signed_at

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def stages_of(outcome: Outcome) -> list[tuple]:
    return list(
        Stage.objects.filter(outcome=outcome)
        .order_by("order")
        .values_list("kind", "order", "planned_on", "actual_on", "planned_amount")
    )


# --- following signings --------------------------------------------------------------


def test_follow_signing_makes_the_outcome_from_the_signing_and_its_project(signing, project, owner_org, organizer):
    outcome = services.follow_signing(signing, actor=organizer)

    assert (
        outcome.code,
        outcome.kind,
        outcome.title_zh_hans,
        outcome.title_en,
        outcome.responsible_unit,
        outcome.industry,
        outcome.province,
        outcome.city,
        outcome.signed_amount,
        outcome.currency,
        outcome.signing,
    ) == (
        "CG-2023-001",
        "signing",
        "光伏电站项目签约",
        "Solar plant signing",
        owner_org,
        entry("1.1.1"),
        "贵州省",
        "贵阳市",
        Decimal("500000000.00"),
        "CNY",
        signing,
    )


def test_follow_signing_plans_the_four_project_stages(signing):
    outcome = services.follow_signing(signing, actor=None)

    assert stages_of(outcome) == [
        ("signed", 1, dt.date(2023, 7, 8), dt.date(2023, 7, 8), None),
        ("started", 2, dt.date(2023, 10, 8), None, None),
        ("in_production", 3, dt.date(2024, 7, 8), None, None),
        ("funds_in", 4, dt.date(2024, 7, 8), None, Decimal("500000000.00")),
    ]


def test_follow_signing_takes_the_local_day_of_a_late_evening_signing(edition, project):
    # 00:00 on 9 July in Guiyang is still 8 July (16:00) in UTC: the stages take the local day.
    signing = SigningFactory(edition=edition, project=project, signed_at=signed_at(edition, day=1, hour=0))

    outcome = services.follow_signing(signing, actor=None)

    assert stages_of(outcome)[0][2:4] == (dt.date(2023, 7, 9), dt.date(2023, 7, 9))


def test_follow_signing_of_a_capital_increase_plans_only_the_increment(edition, project):
    signing = SigningFactory(
        edition=edition, project=project, kind="capital_increase", amount=Decimal("300"), increment=Decimal("120")
    )

    outcome = services.follow_signing(signing, actor=None)

    assert stages_of(outcome)[3][4] == Decimal("120.00")


def test_follow_signing_numbers_the_outcomes_of_an_edition(edition):
    signings = [SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition)) for _ in range(3)]

    codes = [services.follow_signing(s, actor=None).code for s in signings]

    assert codes == ["CG-2023-001", "CG-2023-002", "CG-2023-003"]


def test_follow_signing_twice_is_refused_naming_the_outcome(signing, english):
    services.follow_signing(signing, actor=None)

    with pytest.raises(AlreadyFollowed) as caught:
        services.follow_signing(signing, actor=None)

    assert str(caught.value) == "The signing «Solar plant signing» is already followed as outcome CG-2023-001."
    assert Outcome.objects.count() == 1


def test_follow_a_later_signing_of_a_followed_project_is_refused(edition, project, signing, english):
    services.follow_signing(signing, actor=None)
    later = SigningFactory(edition=edition, project=project, title_en="Phase II", signed_at=signed_at(edition, 1))

    with pytest.raises(AlreadyFollowed) as caught:
        services.follow_signing(later, actor=None)

    assert str(caught.value) == "The project of the signing «Phase II» is already followed as outcome CG-2023-001."


def test_follow_signing_without_project_takes_the_owner_side_party(edition):
    signing = SigningFactory(edition=edition, project=None)
    SigningPartyFactory(signing=signing, role="investor")
    government = SigningPartyFactory(signing=signing, role="government").organization

    outcome = services.follow_signing(signing, actor=None)

    assert (outcome.responsible_unit, outcome.industry, outcome.city) == (government, None, "")


def test_follow_signing_takes_the_given_unit(signing):
    unit = OrganizationFactory()

    assert services.follow_signing(signing, actor=None, responsible_unit=unit).responsible_unit == unit


def test_follow_signings_skips_followed_signings_and_projects(edition, project, signing):
    services.follow_signing(signing, actor=None)
    SigningFactory(edition=edition, project=project, signed_at=signed_at(edition, 1))  # repeat of a followed project
    fresh = SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition))

    followed = services.follow_signings(edition, actor=None)

    assert [(o.code, o.signing) for o in followed] == [("CG-2023-002", fresh)]


# --- other outcomes and their milestones -------------------------------------------------


def test_create_outcome_with_milestones(edition, organizer):
    unit = OrganizationFactory()
    outcome = services.create_outcome(
        edition,
        actor=organizer,
        kind="institution",
        title_zh_hans="贵州绿色气候基金会成立",
        title_en="Guizhou Green Climate Foundation founded",
        responsible_unit=unit,
    )

    first = services.plan_stage(
        outcome, actor=organizer, kind="milestone", planned_on=dt.date(2023, 9, 1), title_zh_hans="章程通过"
    )
    second = services.plan_stage(outcome, actor=organizer, kind="established", planned_on=dt.date(2023, 12, 1))

    assert (outcome.code, outcome.kind, outcome.responsible_unit) == ("CG-2023-001", "institution", unit)
    assert [(first.order, first.kind), (second.order, second.kind)] == [(1, "milestone"), (2, "established")]


def test_create_outcome_refuses_a_signing_kind(edition, english):
    with pytest.raises(OutcomeError) as caught:
        services.create_outcome(
            edition,
            actor=None,
            kind="signing",
            title_zh_hans="项目",
            title_en="",
            responsible_unit=OrganizationFactory(),
        )

    assert str(caught.value) == "A signed project is followed from its signing, not created by hand: «项目»."


def test_plan_a_second_stage_of_the_same_kind_is_refused(outcome, english):
    with pytest.raises(InvalidStage) as caught:
        services.plan_stage(outcome, actor=None, kind="started", planned_on=dt.date(2023, 11, 1))

    assert str(caught.value) == "Outcome CG-2023-001 already has a stage “Construction started”."


def test_plan_a_stage_before_the_signing_is_refused(outcome, english):
    with pytest.raises(InvalidStage) as caught:
        services.plan_stage(outcome, actor=None, kind="milestone", planned_on=dt.date(2023, 7, 7), title_zh_hans="环评")

    assert str(caught.value) == "CG-2023-001 «环评»: 2023-07-07 is before the outcome's start (2023-07-08)."
    assert Stage.objects.filter(outcome=outcome).count() == 4


# --- recording and replanning ----------------------------------------------------------------


def stage(outcome: Outcome, kind: str) -> Stage:
    return Stage.objects.select_related("outcome__edition", "outcome__signing").get(outcome=outcome, kind=kind)


def test_record_stage_sets_the_actual_date_amount_and_note(outcome, reporter):
    funds = stage(outcome, "funds_in")

    services.record_stage(
        funds, actor=reporter, actual_on=dt.date(2024, 3, 1), actual_amount=Decimal("200000000"), note="首期到位"
    )

    funds.refresh_from_db()
    assert (funds.actual_on, funds.actual_amount, funds.note) == (
        dt.date(2024, 3, 1),
        Decimal("200000000.00"),
        "首期到位",
    )


def test_record_stage_in_the_future_is_refused(outcome, english):
    started = stage(outcome, "started")
    tomorrow = dt.date.today() + dt.timedelta(days=2)

    with pytest.raises(InvalidStage) as caught:
        services.record_stage(started, actor=None, actual_on=tomorrow)

    assert str(caught.value) == (
        f"CG-2023-001 «Construction started»: {tomorrow.isoformat()} is in the future; "
        "record a stage once it has happened."
    )
    assert stage(outcome, "started").actual_on is None


def test_record_stage_before_the_signing_is_refused(outcome, english):
    with pytest.raises(InvalidStage) as caught:
        services.record_stage(stage(outcome, "started"), actor=None, actual_on=dt.date(2023, 7, 1))

    assert caught.value.field == "actual_on"
    assert str(caught.value) == (
        "CG-2023-001 «Construction started»: 2023-07-01 is before the outcome's start (2023-07-08)."
    )


def test_record_stage_with_a_negative_amount_is_refused(outcome, english):
    with pytest.raises(InvalidStage) as caught:
        services.record_stage(
            stage(outcome, "funds_in"), actor=None, actual_on=dt.date(2024, 1, 1), actual_amount=Decimal("-1")
        )

    assert str(caught.value) == "CG-2023-001 «Funds in place»: an amount cannot be negative."


def test_replan_stage_moves_the_date_and_keeps_the_reason_in_the_history(outcome, reporter):
    started = stage(outcome, "started")

    services.replan_stage(started, actor=reporter, planned_on=dt.date(2024, 1, 15), reason="用地审批延后")

    entry_ = history_of(outcome).first()
    assert stage(outcome, "started").planned_on == dt.date(2024, 1, 15)
    assert (entry_.action, entry_.actor, entry_.data) == (
        "outcomes.stage.replanned",
        reporter,
        {"outcome": outcome.pk, "reason": "用地审批延后", "planned_on": ["2023-10-08", "2024-01-15"]},
    )


def test_replan_without_a_reason_is_refused(outcome, english):
    with pytest.raises(InvalidStage) as caught:
        services.replan_stage(stage(outcome, "started"), actor=None, planned_on=dt.date(2024, 1, 15), reason=" ")

    assert (str(caught.value), caught.value.field) == (
        "CG-2023-001 «Construction started»: say why the date moves.",
        "reason",
    )


def test_replan_a_done_stage_is_refused(outcome, english):
    with pytest.raises(InvalidStage) as caught:
        services.replan_stage(stage(outcome, "signed"), actor=None, planned_on=dt.date(2024, 1, 15), reason="改期")

    assert str(caught.value) == "CG-2023-001 «Signed» is already done; it cannot be replanned."


# --- evidence ----------------------------------------------------------------------------------


def test_add_evidence_file_is_stored_under_a_random_name(outcome, reporter):
    upload = SimpleUploadedFile("开工报告.pdf", PDF, content_type="application/octet-stream")

    started = stage(outcome, "started")

    evidence = services.add_evidence(outcome, actor=reporter, title="开工报告", file=upload, stage=started)

    assert (evidence.kind, evidence.original_name, evidence.content_type, evidence.size) == (
        "file",
        "开工报告.pdf",
        "application/pdf",
        len(PDF),
    )
    assert evidence.file.name.startswith("outcomes/")
    assert "开工报告" not in evidence.file.name
    assert evidence.file.name.endswith(".pdf")
    with evidence.file.open("rb") as stored:
        assert stored.read() == PDF


def test_add_evidence_takes_a_png_by_its_content(outcome):
    upload = SimpleUploadedFile("site.bin", PNG)

    evidence = services.add_evidence(outcome, actor=None, title="现场照片", file=upload)

    assert (evidence.content_type, evidence.file.name.endswith(".png")) == ("image/png", True)


def test_add_evidence_refuses_a_file_that_is_not_a_document(outcome, english):
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")

    with pytest.raises(InvalidEvidence) as caught:
        services.add_evidence(outcome, actor=None, title="报告", file=upload)

    assert str(caught.value) == (
        "CG-2023-001: «report.pdf» is not a PDF, PNG or JPEG picture, Excel (.xlsx) or Word (.docx) file."
    )
    assert outcome.evidence.count() == 0


def test_add_evidence_refuses_a_file_over_20_mb(outcome, english):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))

    with pytest.raises(InvalidEvidence) as caught:
        services.add_evidence(outcome, actor=None, title="报告", file=upload)

    assert str(caught.value) == "CG-2023-001: «big.pdf» is larger than 20 MB."


def test_add_evidence_link(outcome):
    evidence = services.add_evidence(outcome, actor=None, title="新闻报道", url="https://example.org/news/7")

    assert (evidence.kind, evidence.url, evidence.file.name) == ("link", "https://example.org/news/7", "")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/a.pdf", "example.org/news"])
def test_add_evidence_refuses_a_link_that_is_not_http(outcome, url, english):
    with pytest.raises(InvalidEvidence) as caught:
        services.add_evidence(outcome, actor=None, title="链接", url=url)

    assert str(caught.value) == f"CG-2023-001: “{url}” is not an http(s) link."


def test_add_evidence_refuses_both_a_file_and_a_link(outcome, english):
    with pytest.raises(InvalidEvidence) as caught:
        services.add_evidence(
            outcome, actor=None, title="两者", file=SimpleUploadedFile("a.pdf", PDF), url="https://example.org/"
        )

    assert str(caught.value) == "CG-2023-001: give either a file or a link."


# --- abandoning, assigning, history ---------------------------------------------------------------


def test_abandon_outcome_needs_a_reason_and_keeps_it(outcome, organizer, english):
    with pytest.raises(OutcomeError):
        services.abandon_outcome(outcome, actor=organizer, reason="")

    services.abandon_outcome(outcome, actor=organizer, reason="投资方撤资")

    outcome.refresh_from_db()
    assert (outcome.state, outcome.state_note) == ("abandoned", "投资方撤资")


def test_assign_outcome_sets_unit_and_contacts(outcome, organizer):
    from ..factories import PersonFactory

    unit = OrganizationFactory()
    contact = PersonFactory(organization=unit)

    services.assign_outcome(outcome, actor=organizer, responsible_unit=unit, contacts=[contact])

    outcome.refresh_from_db()
    assert (outcome.responsible_unit, list(outcome.contacts.all())) == (unit, [contact])


def test_history_holds_every_change_of_the_outcome_newest_first(outcome, organizer, reporter):
    started = stage(outcome, "started")
    services.record_stage(started, actor=reporter, actual_on=dt.date(2023, 10, 20))
    services.add_evidence(outcome, actor=reporter, title="新闻", url="https://example.org/n")
    services.abandon_outcome(outcome, actor=organizer, reason="停工")
    other = services.create_outcome(
        outcome.edition,
        actor=None,
        kind="other",
        title_zh_hans="另一成果",
        title_en="",
        responsible_unit=OrganizationFactory(),
    )
    services.plan_stage(other, actor=None, kind="milestone", planned_on=dt.date(2023, 8, 1), title_zh_hans="节点")

    history = list(history_of(outcome))

    assert [(e.action, e.edition_id) for e in history] == [
        ("outcomes.outcome.abandoned", outcome.edition_id),
        ("outcomes.evidence.added", outcome.edition_id),
        ("outcomes.stage.recorded", outcome.edition_id),
        ("outcomes.outcome.created", outcome.edition_id),
    ]
    assert AuditEntry.objects.filter(action__startswith="outcomes.").count() == 6
