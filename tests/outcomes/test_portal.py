"""The responsible units' portal: their outcomes across editions, red first; recording a stage, replanning
with a reason, adding evidence; another unit's outcome and evidence are "not found"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation
from django.utils.translation import gettext

from ecoforum.outcomes.models import Evidence, Outcome, Stage

from ..factories import EditionFactory, OrganizationFactory, PersonFactory, UserFactory
from .page_factories import PDF, freeze, pdf_upload, project_outcome, texts

pytestmark = pytest.mark.django_db

REPORT = "/outcomes/2023/CG-2023-001/"


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    freeze(monkeypatch)


def _stage(outcome: Outcome, kind: str) -> Stage:
    return Stage.objects.get(outcome=outcome, kind=kind)


@pytest.mark.parametrize("url", ["/outcomes/", REPORT])
def test_anonymous_is_sent_to_the_login(client, outcome, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


def test_my_outcomes_across_editions_red_first_in_english(client, owner_org, reporter):
    edition_2023 = EditionFactory(year=2023)
    edition_2024 = EditionFactory(year=2024)
    project_outcome(edition_2023, code="CG-2023-001", unit=owner_org, title="按期项目")
    project_outcome(edition_2024, code="CG-2024-001", unit=owner_org, title="逾期项目", late_days=12)
    project_outcome(edition_2023, code="CG-2023-002", title="别人的项目", late_days=40)
    client.force_login(reporter)

    response = client.get("/outcomes/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert [(r.outcome.code, str(r.status), r.days_late) for r in response.context["rows"]] == [
        ("CG-2024-001", "red", 12),
        ("CG-2023-001", "green", 0),
    ]
    assert texts(response.content, "//li[@id='outcome-2024-CG-2024-001']//div[@class='oc-card-head']") == [
        "CG-2024-001 Eco Forum Global Guiyang 2024 Overdue 12 days late"
    ]


def test_my_outcomes_in_chinese_for_a_contact_person(client, edition):
    outcome = project_outcome(edition, code="CG-2023-001", title="绿色基金")
    user = UserFactory()
    outcome.contacts.add(PersonFactory(user=user))
    client.force_login(user)

    response = client.get("/outcomes/")

    assert response.status_code == 200
    assert texts(response.content, "//ol[@class='oc-cards']//h2") == ["绿色基金"]


def test_a_user_of_no_unit_sees_an_empty_page(client, stranger):
    client.force_login(stranger)

    response = client.get("/outcomes/")

    assert response.status_code == 200
    assert response.context["rows"] == []


@pytest.mark.parametrize("count", [1, 3])
def test_my_outcomes_queries_do_not_grow(client, edition, owner_org, reporter, django_assert_num_queries, count):
    for n in range(count):
        project_outcome(edition, code=f"CG-2023-{n + 1:03d}", unit=owner_org, late_days=n)
    client.force_login(reporter)
    client.get("/outcomes/")

    with django_assert_num_queries(6):
        response = client.get("/outcomes/")

    assert len(response.context["rows"]) == count


def test_another_units_outcome_is_404_like_a_missing_one(client, outcome, stranger, reporter):
    client.force_login(stranger)
    assert client.get(REPORT).status_code == 404
    assert client.post(REPORT, {"action": "record"}).status_code == 404

    client.force_login(reporter)
    assert client.get("/outcomes/2023/CG-2023-999/").status_code == 404


def test_reporter_records_a_stage_with_the_amount(client, outcome, reporter):
    client.force_login(reporter)
    funds = _stage(outcome, "funds_in")

    response = client.post(
        REPORT, {"action": "record", "stage": funds.pk, "actual_on": "2024-05-31", "actual_amount": "120000000"}
    )

    assert response.status_code == 302
    assert response["Location"] == REPORT
    funds.refresh_from_db()
    assert (funds.actual_on, funds.actual_amount) == (dt.date(2024, 5, 31), 120000000)


def test_reporter_replans_with_a_reason(client, outcome, reporter):
    client.force_login(reporter)
    started = _stage(outcome, "started")

    response = client.post(
        REPORT, {"action": "replan", "stage": started.pk, "planned_on": "2024-08-01", "reason": "设备到货推迟"}
    )

    assert response.status_code == 302
    started.refresh_from_db()
    assert started.planned_on == dt.date(2024, 8, 1)


def test_reporter_with_a_bad_amount_changes_nothing(client, outcome, reporter):
    client.force_login(reporter)
    funds = _stage(outcome, "funds_in")

    response = client.post(
        REPORT,
        {"action": "record", "stage": funds.pk, "actual_on": "2024-05-31", "actual_amount": "-5"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert [str(m) for m in response.context["messages"]] == [
        "CG-2023-001: nothing was changed: Amount (yuan): Ensure this value is greater than or equal to 0."
    ]
    funds.refresh_from_db()
    assert funds.actual_on is None


def test_reporter_cannot_abandon_or_plan(client, outcome, reporter):
    client.force_login(reporter)

    abandon = client.post(REPORT, {"action": "abandon", "reason": "不想做了"}, HTTP_ACCEPT_LANGUAGE="en")
    plan = client.post(REPORT, {"action": "plan", "kind": "milestone", "planned_on": "2024-09-01"})

    assert (abandon.status_code, plan.status_code) == (422, 422)
    assert [str(m) for m in abandon.context["messages"]] == ["CG-2023-001: unknown action, nothing was changed."]
    outcome.refresh_from_db()
    assert (outcome.state, outcome.stages.count()) == ("active", 4)


def test_reporter_adds_a_link_and_a_file_and_downloads_the_file(client, outcome, reporter):
    client.force_login(reporter)
    started = _stage(outcome, "started")

    link = client.post(REPORT, {"action": "evidence", "title": "开工报道", "url": "https://example.org/news/7"})
    upload = client.post(
        REPORT, {"action": "evidence", "title": "施工许可证", "file": pdf_upload("许可证.pdf"), "stage": started.pk}
    )
    item = Evidence.objects.get(kind="file")
    download = client.get(f"{REPORT}evidence/{item.pk}/")

    assert (link.status_code, upload.status_code) == (302, 302)
    assert item.stage == started
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == "attachment; filename*=utf-8''%E8%AE%B8%E5%8F%AF%E8%AF%81.pdf"
    assert b"".join(download.streaming_content) == PDF


def test_link_evidence_redirects_to_the_link(client, outcome, reporter):
    client.force_login(reporter)
    client.post(REPORT, {"action": "evidence", "title": "开工报道", "url": "https://example.org/news/7"})
    item = Evidence.objects.get()

    response = client.get(f"{REPORT}evidence/{item.pk}/")

    assert response.status_code == 302
    assert response["Location"] == "https://example.org/news/7"


def test_evidence_without_file_or_link_is_refused(client, outcome, reporter):
    client.force_login(reporter)

    response = client.post(REPORT, {"action": "evidence", "title": "空"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert response.context["evidence_form"].errors["file"] == ["Give a file or a link."]
    assert Evidence.objects.count() == 0


def test_another_units_evidence_is_404(client, outcome, reporter, stranger, edition):
    other_unit = OrganizationFactory()
    other = project_outcome(edition, code="CG-2023-002", unit=other_unit)
    client.force_login(reporter)
    client.post(REPORT, {"action": "evidence", "title": "合同", "file": pdf_upload()})
    mine = Evidence.objects.get()
    theirs = Evidence.objects.create(outcome=other, kind="link", title="别人的", url="https://example.org/x")

    assert client.get(f"/outcomes/2023/CG-2023-002/evidence/{theirs.pk}/").status_code == 404
    assert client.get(f"{REPORT}evidence/{theirs.pk}/").status_code == 404
    client.force_login(stranger)
    assert client.get(f"{REPORT}evidence/{mine.pk}/").status_code == 404
    client.logout()
    assert client.get(f"{REPORT}evidence/{mine.pk}/").status_code == 302


@pytest.mark.parametrize(("language", "title"), [("zh-hans", "光伏电站项目签约"), ("en", "Solar plant signing")])
def test_report_page_renders_in_both_languages_without_the_organizers_forms(client, outcome, reporter, language, title):
    client.force_login(reporter)

    response = client.get(REPORT, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 200
    assert texts(response.content, "//h1") == [title]
    assert (response.context["may_report"], response.context["may_manage"]) == (True, False)
    assert sorted(set(_actions(response.content))) == ["evidence", "record", "replan"]


def _actions(content: bytes) -> list[str]:
    from lxml import html as lxml_html

    return lxml_html.fromstring(content.decode()).xpath("//input[@name='action']/@value")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_my_outcomes_heading_in_both_languages(client, outcome, reporter, language):
    client.force_login(reporter)

    response = client.get("/outcomes/", HTTP_ACCEPT_LANGUAGE=language)

    with translation.override(language):
        heading = gettext("My outcomes")
    assert texts(response.content, "//h1") == [heading]
