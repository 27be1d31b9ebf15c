"""The organizers' outcome pages: permissions, the dashboard (red first), the filtered list, one outcome's
page with its forms (record, replan, plan, evidence, reassign, abandon), following the signings, new outcomes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext, pgettext

from ecoforum.core.models import AuditEntry
from ecoforum.forums.enums import CommitteeRole
from ecoforum.outcomes.models import Evidence, Outcome, Stage

from ..factories import CommitteeMemberFactory, EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from ..investment.factories import SigningFactory, SigningPartyFactory
from ..releases.factories_releases import ReleaseFactory
from .page_factories import freeze, pdf_upload, project_outcome, text, texts

pytestmark = pytest.mark.django_db

DASHBOARD = "/manage/2023/outcomes/"
PAGE = "/manage/2023/outcomes/CG-2023-001/"


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    freeze(monkeypatch)


def _stage(outcome: Outcome, kind: str) -> Stage:
    return Stage.objects.get(outcome=outcome, kind=kind)


# --- who may open the pages -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [DASHBOARD, "/manage/2023/outcomes/all/", "/manage/2023/outcomes/overdue/", PAGE, "/manage/2023/outcomes/new/"],
)
def test_anonymous_is_sent_to_the_login(client, outcome, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_stranger_gets_404_and_other_committee_roles_403(client, edition, outcome, stranger):
    client.force_login(stranger)
    assert client.get(DASHBOARD).status_code == 404

    manager = UserFactory()
    CommitteeMemberFactory(edition=edition, user=manager, role=CommitteeRole.PROGRAM_MANAGER)
    client.force_login(manager)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(PAGE).status_code == 403


def test_staff_reads_but_cannot_write(client, outcome, staff):
    client.force_login(staff)
    started = _stage(outcome, "started")

    page = client.get(PAGE)
    record = client.post(PAGE, {"action": "record", "stage": started.pk, "actual_on": "2024-05-01"})
    follow = client.post("/manage/2023/outcomes/follow/")
    new = client.get("/manage/2023/outcomes/new/")

    assert page.status_code == 200
    assert page.context["may_manage"] is False
    assert (record.status_code, follow.status_code, new.status_code) == (403, 403, 403)
    started.refresh_from_db()
    assert started.actual_on is None


def test_a_responsible_unit_cannot_open_the_back_office(client, outcome, reporter):
    client.force_login(reporter)

    assert client.get(DASHBOARD).status_code == 404
    assert client.get(PAGE).status_code == 404


# --- the dashboard ---------------------------------------------------------------------


def test_dashboard_in_english_shows_the_red_outcome_with_days_late_unit_and_contact(client, outcome, organizer):
    outcome.contacts.add(PersonFactory(name_en="Li Ming", name_zh_hans="李明", email="li@example.org"))
    client.force_login(organizer)

    response = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [(r.outcome.code, r.days_late) for r in response.context["overdue"]] == [("CG-2023-001", 237)]
    assert texts(response.content, "//tr[@id='row-CG-2023-001']/td") == [
        "CG-2023-001 Signed project Solar plant signing CNY 500 m",
        "Overdue 237 days late",
        "Construction started planned 2023-10-08",
        "Guizhou Green Energy Co. Li Ming · li@example.org",
    ]
    assert text(response.content, "oc-count-red") == "1"
    assert text(response.content, "oc-signed") == "CNY 500 m"


def test_dashboard_in_chinese_lists_red_then_yellow(client, edition, organizer):
    project_outcome(edition, code="CG-2023-001", title="按期项目")
    project_outcome(edition, code="CG-2023-002", title="逾期项目", late_days=5)
    soon = project_outcome(edition, code="CG-2023-003", title="临近项目")
    Stage.objects.filter(outcome=soon, kind="started").update(planned_on=dt.date(2024, 6, 20))
    client.force_login(organizer)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert [r.outcome.code for r in response.context["overdue"]] == ["CG-2023-002"]
    assert [r.outcome.code for r in response.context["soon"]] == ["CG-2023-003"]
    assert texts(response.content, "//tr[@id='row-CG-2023-002']/td[1]/strong") == ["逾期项目"]
    assert text(response.content, "oc-count-yellow") == "1"
    assert text(response.content, "oc-count-green") == "1"


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_queries_do_not_grow(client, edition, organizer, django_assert_num_queries, count):
    for n in range(count):
        project_outcome(edition, code=f"CG-2023-{n + 1:03d}", late_days=n + 1)
    client.force_login(organizer)
    client.get(DASHBOARD)

    with django_assert_num_queries(12):
        response = client.get(DASHBOARD)

    assert len(response.context["overdue"]) == count


# --- the list ------------------------------------------------------------------------------


def test_list_filters_by_status_and_text(client, edition, organizer):
    project_outcome(edition, code="CG-2023-001", title="按期项目")
    project_outcome(edition, code="CG-2023-002", title="逾期项目", late_days=5)
    client.force_login(organizer)

    red = client.get("/manage/2023/outcomes/all/?status=red")
    found = client.get("/manage/2023/outcomes/all/?q=按期")
    bad = client.get("/manage/2023/outcomes/all/?status=purple&unit=99999")

    assert [r.outcome.code for r in red.context["rows"]] == ["CG-2023-002"]
    assert [r.outcome.code for r in found.context["rows"]] == ["CG-2023-001"]
    assert [r.outcome.code for r in bad.context["rows"]] == ["CG-2023-001", "CG-2023-002"]


def test_list_answers_htmx_with_the_fragment(client, edition, organizer):
    project_outcome(edition, code="CG-2023-001")
    client.force_login(organizer)

    response = client.get("/manage/2023/outcomes/all/?kind=other", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="outcome-list">')
    assert response["Vary"] == "HX-Request, Accept-Language, Cookie"


@pytest.mark.parametrize("count", [1, 3])
def test_list_queries_do_not_grow(client, edition, organizer, django_assert_num_queries, count):
    for n in range(count):
        project_outcome(edition, code=f"CG-2023-{n + 1:03d}", late_days=n)
    client.force_login(organizer)
    client.get("/manage/2023/outcomes/all/")

    with django_assert_num_queries(9):
        response = client.get("/manage/2023/outcomes/all/")

    assert len(response.context["rows"]) == count


# --- one outcome: stages --------------------------------------------------------------------


def test_organizer_records_a_stage(client, outcome, organizer):
    client.force_login(organizer)
    started = _stage(outcome, "started")

    response = client.post(
        PAGE,
        {"action": "record", "stage": started.pk, "actual_on": "2024-05-20", "note": "开工仪式"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert response["Location"] == PAGE
    started.refresh_from_db()
    assert (started.actual_on, started.note) == (dt.date(2024, 5, 20), "开工仪式")
    assert AuditEntry.objects.filter(action="outcomes.stage.recorded").count() == 1


def test_record_with_a_bad_date_shows_the_error_and_changes_nothing(client, outcome, organizer):
    client.force_login(organizer)
    started = _stage(outcome, "started")

    response = client.post(
        PAGE, {"action": "record", "stage": started.pk, "actual_on": "2024-13-40"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 422
    assert response.context["failed"] == "record"
    bound = next(s for s in response.context["stages"] if s.pk == started.pk).record_form
    assert bound.errors["actual_on"] == ["Enter a valid date."]
    assert [str(m) for m in response.context["messages"]] == [
        "CG-2023-001: nothing was changed: Happened on: Enter a valid date."
    ]
    started.refresh_from_db()
    assert started.actual_on is None


def test_record_in_the_future_is_refused_by_the_service(client, outcome, organizer):
    client.force_login(organizer)
    started = _stage(outcome, "started")

    response = client.post(
        PAGE, {"action": "record", "stage": started.pk, "actual_on": "2024-06-02"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 422
    bound = next(s for s in response.context["stages"] if s.pk == started.pk).record_form
    assert bound.errors["actual_on"] == [
        "CG-2023-001 «Construction started»: 2024-06-02 is in the future; record a stage once it has happened."
    ]
    started.refresh_from_db()
    assert started.actual_on is None


def test_record_of_an_unknown_stage_gives_a_message(client, outcome, organizer):
    other = project_outcome(outcome.edition, code="CG-2023-050")
    client.force_login(organizer)

    response = client.post(
        PAGE,
        {"action": "record", "stage": _stage(other, "started").pk, "actual_on": "2024-05-01"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert [str(m) for m in response.context["messages"]] == [
        f"Outcome CG-2023-001 has no stage {_stage(other, 'started').pk}."
    ]
    assert Stage.objects.filter(actual_on__isnull=False, kind="started").count() == 0


def test_replan_needs_a_reason_and_then_moves_the_date(client, outcome, organizer):
    client.force_login(organizer)
    started = _stage(outcome, "started")

    refused = client.post(
        PAGE, {"action": "replan", "stage": started.pk, "planned_on": "2024-09-30"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    done = client.post(
        PAGE,
        {"action": "replan", "stage": started.pk, "planned_on": "2024-09-30", "reason": "用地审批延后"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert refused.status_code == 422
    bound = next(s for s in refused.context["stages"] if s.pk == started.pk).replan_form
    assert bound.errors["reason"] == ["This field is required."]
    assert done.status_code == 302
    started.refresh_from_db()
    assert started.planned_on == dt.date(2024, 9, 30)
    history = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").context["history"]
    assert [item["label"] for item in history][:1] == ["Stage replanned"]
    assert history[0]["details"] == ["planned date: 2023-10-08 → 2024-09-30", "reason: 用地审批延后"]


def test_plan_a_milestone(client, edition, organizer):
    initiative = project_outcome(edition, code="CG-2023-001")
    client.force_login(organizer)

    response = client.post(
        PAGE,
        {"action": "plan", "kind": "milestone", "title_zh_hans": "成员达到100家", "planned_on": "2024-12-01"},
    )

    assert response.status_code == 302
    assert list(initiative.stages.filter(kind="milestone").values_list("title_zh_hans", "order")) == [
        ("成员达到100家", 5)
    ]


def test_plan_a_second_started_stage_is_refused(client, outcome, organizer):
    client.force_login(organizer)

    response = client.post(
        PAGE, {"action": "plan", "kind": "started", "planned_on": "2024-12-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 422
    assert response.context["plan_form"].errors["kind"] == [
        "Outcome CG-2023-001 already has a stage “Construction started”."
    ]
    assert outcome.stages.count() == 4


# --- one outcome: evidence, reassign, abandon ------------------------------------------------------


def test_evidence_of_the_wrong_type_is_refused(client, outcome, organizer):
    client.force_login(organizer)
    upload = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    response = client.post(PAGE, {"action": "evidence", "title": "合同", "file": upload}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert response.context["evidence_form"].errors["file"] == [
        "CG-2023-001: «合同.pdf» is not a PDF, PNG or JPEG picture, Excel (.xlsx) or Word (.docx) file."
    ]
    assert Evidence.objects.count() == 0


def test_evidence_file_is_added_and_listed(client, outcome, organizer):
    client.force_login(organizer)

    response = client.post(PAGE, {"action": "evidence", "title": "投资合同", "file": pdf_upload()})
    page = client.get(PAGE)

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.original_name, evidence.added_by) == ("file", "合同.pdf", organizer)
    assert texts(page.content, "//ul[@class='oc-evidence']/li/a") == ["投资合同"]


def test_reassign_with_an_unknown_contact_names_it(client, outcome, organizer):
    client.force_login(organizer)
    unit = OrganizationFactory(name_zh_hans="新单位")

    response = client.post(
        PAGE,
        {"action": "assign", "responsible_unit": unit.pk, "contacts": "ghost"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["assign_form"].errors["contacts"] == ["No person has the address or e-mail «ghost»."]
    outcome.refresh_from_db()
    assert outcome.responsible_unit.name_zh_hans == "贵州绿色能源有限公司"


def test_reassign_to_another_unit_with_contacts(client, outcome, organizer):
    client.force_login(organizer)
    unit = OrganizationFactory(name_zh_hans="新单位", name_en="新单位")
    person = PersonFactory(slug="wang-fang", email="wang@example.org", organization=unit)

    response = client.post(PAGE, {"action": "assign", "responsible_unit": unit.pk, "contacts": "wang@example.org"})

    assert response.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.responsible_unit, list(outcome.contacts.all())) == (unit, [person])
    history = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").context["history"]
    assert (history[0]["label"], history[0]["details"]) == (
        "Responsible unit assigned",
        [f"contact people: — → {person.name}", "responsible unit: Guizhou Green Energy Co. → 新单位"],
    )


def test_abandon_needs_a_reason(client, outcome, organizer):
    client.force_login(organizer)

    refused = client.post(PAGE, {"action": "abandon", "reason": " "}, HTTP_ACCEPT_LANGUAGE="en")
    done = client.post(PAGE, {"action": "abandon", "reason": "投资方撤资"}, HTTP_ACCEPT_LANGUAGE="en")

    assert refused.status_code == 422
    assert refused.context["abandon_form"].errors["reason"] == ["This field is required."]
    assert done.status_code == 302
    outcome.refresh_from_db()
    assert (outcome.state, outcome.state_note) == ("abandoned", "投资方撤资")


def test_unknown_action_and_outcome(client, outcome, organizer):
    client.force_login(organizer)

    unknown = client.post(PAGE, {"action": "explode"}, HTTP_ACCEPT_LANGUAGE="en")
    missing = client.get("/manage/2023/outcomes/CG-2023-999/")

    assert unknown.status_code == 422
    assert [str(m) for m in unknown.context["messages"]] == ["CG-2023-001: unknown action, nothing was changed."]
    assert missing.status_code == 404


# --- following signings, new outcomes ------------------------------------------------------------


def test_follow_the_signings_says_how_many_are_new(client, edition, signing, organizer):
    framework = SigningFactory(edition=edition, project=None, title_zh_hans="合作框架协议", signed_at=signing.signed_at)
    SigningPartyFactory(signing=framework, organization=OrganizationFactory(), role="owner")
    client.force_login(organizer)

    first = client.post("/manage/2023/outcomes/follow/", HTTP_ACCEPT_LANGUAGE="en", follow=True)
    again = client.post("/manage/2023/outcomes/follow/", HTTP_ACCEPT_LANGUAGE="en", follow=True)

    assert [str(m) for m in first.context["messages"]] == ["2 signings are now followed: CG-2023-001, CG-2023-002."]
    assert Outcome.objects.filter(edition=edition, kind="signing").count() == 2
    assert [str(m) for m in again.context["messages"]] == [
        "Every signing of Eco Forum Global Guiyang 2023 is already followed."
    ]


def test_new_initiative_from_a_release(client, edition, organizer, owner_org):
    release = ReleaseFactory(edition=edition, kind="initiative", title_zh_hans="绿色倡议")
    client.force_login(organizer)

    response = client.post(
        "/manage/2023/outcomes/new/",
        {
            "kind": "initiative",
            "title_zh_hans": "绿色倡议联盟",
            "title_en": "Green initiative alliance",
            "responsible_unit": owner_org.pk,
            "release": release.pk,
            "currency": "CNY",
            "is_public": "on",
        },
    )

    outcome = Outcome.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/manage/2023/outcomes/{outcome.code}/"
    assert (outcome.code, outcome.kind, outcome.release) == ("CG-2023-001", "initiative", release)


def test_new_outcome_with_a_release_of_another_edition_is_refused(client, edition, organizer, owner_org):
    other = ReleaseFactory(edition=EditionFactory(), title_zh_hans="别人的倡议")
    client.force_login(organizer)

    response = client.post(
        "/manage/2023/outcomes/new/",
        {
            "kind": "initiative",
            "title_zh_hans": "绿色倡议联盟",
            "responsible_unit": owner_org.pk,
            "release": other.pk,
            "currency": "CNY",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors["release"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert Outcome.objects.count() == 0


def test_new_outcome_without_a_chinese_title(client, edition, organizer, owner_org):
    client.force_login(organizer)

    response = client.post(
        "/manage/2023/outcomes/new/",
        {"kind": "institution", "title_en": "Foundation", "responsible_unit": owner_org.pk, "currency": "CNY"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.context["form"].errors["title_zh_hans"] == ["This field is required."]
    assert Outcome.objects.count() == 0


# --- every page in both languages ------------------------------------------------------------------


def _in(language: str, message: str, *, context: str = "") -> str:
    with translation.override(language):
        return pgettext(context, message) if context else gettext(message)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(
    ("url", "heading"),
    [
        (DASHBOARD, "Outcomes dashboard"),
        ("/manage/2023/outcomes/all/", "All outcomes"),
        ("/manage/2023/outcomes/overdue/", "Overdue outcomes"),
        ("/manage/2023/outcomes/new/", "New outcome"),
    ],
)
def test_manage_pages_render_in_both_languages(client, outcome, organizer, language, url, heading):
    client.force_login(organizer)

    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert texts(response.content, "//h1") == [_in(language, heading)]
    assert texts(response.content, "//nav[contains(@class,'oc-nav')]/a") == [
        _in(language, "Dashboard"),
        _in(language, "All outcomes"),
        _in(language, "Overdue"),
        _in(language, "New outcome"),
    ]


@pytest.mark.parametrize(("language", "title"), [("zh-hans", "光伏电站项目签约"), ("en", "Solar plant signing")])
def test_outcome_page_renders_in_both_languages(client, outcome, organizer, language, title):
    client.force_login(organizer)

    response = client.get(PAGE, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert texts(response.content, "//h1") == [title]
    assert texts(response.content, "//p[@class='oc-unit']") == [
        "贵州绿色能源有限公司" if language == "zh-hans" else "Guizhou Green Energy Co."
    ]
    assert texts(response.content, "//ol[@class='oc-stage-list']/li//strong[@class='oc-stage-name']") == [
        _in(language, "Signed", context="outcome stage"),
        _in(language, "Construction started"),
        _in(language, "In production"),
        _in(language, "Funds in place"),
    ]
    assert [item["label"] for item in response.context["history"]] == [_in(language, "Outcome created")]


@pytest.mark.parametrize("count", [1, 3])
def test_overdue_page_queries_do_not_grow(client, edition, organizer, django_assert_num_queries, count):
    for n in range(count):
        project_outcome(edition, code=f"CG-2023-{n + 1:03d}", late_days=n + 1)
    client.force_login(organizer)
    client.get("/manage/2023/outcomes/overdue/")

    with django_assert_num_queries(7):
        response = client.get("/manage/2023/outcomes/overdue/")

    assert [row.outcome.code for row in response.context["overdue"]] == [
        f"CG-2023-{n:03d}" for n in range(count, 0, -1)
    ]


@pytest.mark.parametrize(("utc", "late"), [("2024-06-30T15:59:00", []), ("2024-06-30T16:00:00", [("CG-2023-001", 1)])])
def test_dashboard_counts_days_in_the_editions_time_zone(client, edition, organizer, monkeypatch, utc, late):
    outcome = project_outcome(edition, code="CG-2023-001")
    Stage.objects.filter(outcome=outcome, kind="started").update(planned_on=dt.date(2024, 6, 30))
    freeze(monkeypatch, dt.datetime.fromisoformat(utc).replace(tzinfo=dt.UTC))
    client.force_login(organizer)

    response = client.get(DASHBOARD)

    assert [(row.outcome.code, row.days_late) for row in response.context["overdue"]] == late
