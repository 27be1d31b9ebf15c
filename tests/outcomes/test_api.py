"""The outcomes API: public list, detail and totals; recording and replanning stages for the responsible unit."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from ecoforum.api.models import ApiToken
from ecoforum.outcomes import services
from ecoforum.outcomes.models import Stage

from ..factories import EditionFactory, OrganizationFactory, UserFactory
from ..investment.factories import InvestmentProjectFactory, SigningFactory
from .factories import OutcomeFactory, StageFactory


def client_for(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


def csrf_client_for(user) -> Client:
    """A signed-in browser that sends its CSRF token, as the pages' scripts do."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/api/docs")  # sets the csrftoken cookie
    return client


def post(client: Client, path: str, body: dict):
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else ""
    return client.post(path, data=json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=token)


def stage_id(outcome, kind: str) -> int:
    return Stage.objects.get(outcome=outcome, kind=kind).pk


# --- reads -------------------------------------------------------------------------------------


def test_list_shows_public_outcomes_with_status(outcome, edition):
    OutcomeFactory(edition=edition, code="CG-2023-099", is_public=False)

    response = client_for().get("/api/editions/2023/outcomes")

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["page"], body["pages"]) == (1, 1, 1)
    item = body["items"][0]
    assert {k: item[k] for k in ("code", "kind", "title", "status", "industry", "city", "signed_amount")} == {
        "code": "CG-2023-001",
        "kind": "signing",
        "title": {"zh-hans": "光伏电站项目签约", "en": "Solar plant signing"},
        "status": "red",
        "industry": "1.1.1",
        "city": "贵阳市",
        "signed_amount": "500000000.00",
    }
    assert item["next_stage"]["kind"] == "started"
    assert item["next_stage"]["planned_on"] == "2023-10-08"
    assert item["responsible_unit"] == {"zh-hans": "贵州绿色能源有限公司", "en": "Guizhou Green Energy Co."}


def test_list_for_an_organizer_shows_every_outcome(outcome, edition, organizer):
    OutcomeFactory(edition=edition, code="CG-2023-099", is_public=False)

    response = client_for(organizer).get("/api/editions/2023/outcomes")

    assert [item["code"] for item in response.json()["items"]] == ["CG-2023-001", "CG-2023-099"]


def test_list_filters_by_kind_and_status(outcome, edition):
    done = OutcomeFactory(edition=edition, code="CG-2023-050", kind="institution")
    StageFactory(outcome=done, planned_on=dt.date(2023, 8, 1), actual_on=dt.date(2023, 8, 1))

    by_kind = client_for().get("/api/editions/2023/outcomes?kind=institution").json()
    by_status = client_for().get("/api/editions/2023/outcomes?status=red").json()
    done_only = client_for().get("/api/editions/2023/outcomes?status=done").json()

    assert [i["code"] for i in by_kind["items"]] == ["CG-2023-050"]
    assert [i["code"] for i in by_status["items"]] == ["CG-2023-001"]
    assert [(i["code"], i["status"]) for i in done_only["items"]] == [("CG-2023-050", "done")]


def test_list_refuses_an_unknown_status(edition):
    response = client_for().get("/api/editions/2023/outcomes?status=purple")

    assert (response.status_code, response.json()["detail"]) == (422, "The request is not valid.")


def test_list_paginates(edition):
    for n in range(3):
        OutcomeFactory(edition=edition, code=f"CG-2023-{n + 1:03d}")

    body = client_for().get("/api/editions/2023/outcomes?page=2&page_size=2").json()

    assert (body["count"], body["page"], body["pages"], [i["code"] for i in body["items"]]) == (
        3,
        2,
        2,
        ["CG-2023-003"],
    )


@pytest.mark.parametrize("size", [1, 3])
def test_list_query_count_does_not_grow(edition, size, django_assert_num_queries):
    for _ in range(size):
        signing = SigningFactory(edition=edition, project=InvestmentProjectFactory(edition=edition))
        services.follow_signing(signing, actor=None)
    client = client_for()

    with django_assert_num_queries(5):
        response = client.get("/api/editions/2023/outcomes")

    assert response.json()["count"] == size


def test_detail_shows_the_stages(outcome):
    response = client_for().get("/api/editions/2023/outcomes/CG-2023-001")

    body = response.json()
    assert response.status_code == 200
    assert [(s["kind"], s["planned_on"], s["actual_on"], s["status"]) for s in body["stages"]] == [
        ("signed", "2023-07-08", "2023-07-08", "done"),
        ("started", "2023-10-08", None, "red"),
        ("in_production", "2024-07-08", None, "red"),
        ("funds_in", "2024-07-08", None, "red"),
    ]
    assert body["stages"][3]["planned_amount"] == "500000000.00"


def test_detail_of_an_unknown_outcome_is_404_naming_it(edition):
    response = client_for().get("/api/editions/2023/outcomes/CG-2023-404")

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "There is no outcome CG-2023-404 in Eco Forum Global Guiyang 2023.", "field": "code"},
    )


def test_detail_of_a_private_outcome_is_404_for_the_public(edition):
    OutcomeFactory(edition=edition, code="CG-2023-007", is_public=False)

    assert client_for().get("/api/editions/2023/outcomes/CG-2023-007").status_code == 404


def test_summary_counts_by_the_rules_of_signings(outcome, edition):
    response = client_for().get("/api/editions/2023/outcomes/summary")

    body = response.json()
    assert response.status_code == 200
    assert (body["count"], body["signed"], body["landed"], body["signed_projects"], body["conversion"]) == (
        1,
        {"amount": "500000000.00", "currency": "CNY"},
        {"amount": "0", "currency": "CNY"},
        1,
        "0.0000",
    )
    assert body["by_status"]["red"] == 1
    assert body["by_industry"][0]["industry"] == "1"
    assert body["by_region"][0]["region"] == "贵阳市"


# --- writes --------------------------------------------------------------------------------------

RECORD = "/api/editions/2023/outcomes/CG-2023-001/stages/{}/record"
REPLAN = "/api/editions/2023/outcomes/CG-2023-001/stages/{}/replan"


@pytest.fixture(autouse=True)
def _writes_mounted(request, edition):
    """The writes take the router's authentication, which ``api/api.py`` gives when it mounts the router
    (``api.add_router("editions/", outcomes_router, auth=WRITE_AUTH)``); without it every write is 401."""
    if "record" not in request.node.name and "replan" not in request.node.name:
        return
    probe = Client()
    probe.force_login(UserFactory())
    body = json.dumps({"actual_on": "2023-10-20"})
    response = probe.post(RECORD.format(1), data=body, content_type="application/json")
    if response.status_code == 401:
        pytest.skip("api/api.py mounts the outcomes router without auth=WRITE_AUTH")


def test_record_by_the_responsible_unit(outcome, reporter):
    client = csrf_client_for(reporter)

    response = post(
        client,
        RECORD.format(stage_id(outcome, "started")),
        {"actual_on": "2023-10-20", "note": "正式开工"},
    )

    assert response.status_code == 200
    assert {k: response.json()[k] for k in ("kind", "actual_on", "status")} == {
        "kind": "started",
        "actual_on": "2023-10-20",
        "status": "done",
    }
    assert Stage.objects.get(pk=stage_id(outcome, "started")).note == "正式开工"


def test_record_with_an_api_token_of_an_organizer(outcome, organizer):
    _row, token = ApiToken.issue(organizer, name="Investment office")
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_AUTHORIZATION=f"Bearer {token}", enforce_csrf_checks=True)

    response = client.post(
        RECORD.format(stage_id(outcome, "funds_in")),
        data=json.dumps({"actual_on": "2024-05-01", "actual_amount": "300000000"}),
        content_type="application/json",
    )

    assert (response.status_code, response.json()["actual_amount"]) == (200, "300000000.00")


def test_record_without_csrf_is_refused(outcome, reporter):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", enforce_csrf_checks=True)
    client.force_login(reporter)

    response = client.post(
        RECORD.format(stage_id(outcome, "started")),
        data=json.dumps({"actual_on": "2023-10-20"}),
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Stage.objects.get(pk=stage_id(outcome, "started")).actual_on is None


def test_record_anonymous_is_401(outcome):
    response = client_for().post(
        RECORD.format(stage_id(outcome, "started")),
        data=json.dumps({"actual_on": "2023-10-20"}),
        content_type="application/json",
    )

    assert response.status_code == 401


def test_record_by_another_unit_is_403(outcome, stranger):
    response = post(csrf_client_for(stranger), RECORD.format(stage_id(outcome, "started")), {"actual_on": "2023-10-20"})

    assert (response.status_code, response.json()["detail"]) == (
        403,
        "You may not report on outcome CG-2023-001: it is not one of your unit's outcomes.",
    )
    assert Stage.objects.get(pk=stage_id(outcome, "started")).actual_on is None


def test_record_a_stage_of_another_outcome_is_404(outcome, reporter, edition):
    other = StageFactory(outcome=OutcomeFactory(edition=edition, responsible_unit=outcome.responsible_unit))

    response = post(csrf_client_for(reporter), RECORD.format(other.pk), {"actual_on": "2023-10-20"})

    assert (response.status_code, response.json()["detail"]) == (
        404,
        f"Outcome CG-2023-001 has no stage {other.pk}.",
    )


def test_record_in_the_future_is_422_with_the_field(outcome, reporter):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()

    response = post(csrf_client_for(reporter), RECORD.format(stage_id(outcome, "started")), {"actual_on": future})

    assert (response.status_code, response.json()["field"]) == (422, "actual_on")


def test_replan_with_a_reason(outcome, reporter):
    response = post(
        csrf_client_for(reporter),
        REPLAN.format(stage_id(outcome, "in_production")),
        {"planned_on": "2024-12-31", "planned_amount": None, "reason": "设备到货推迟"},
    )

    assert (response.status_code, response.json()["planned_on"]) == (200, "2024-12-31")


def test_replan_without_a_reason_is_422(outcome, reporter):
    response = post(
        csrf_client_for(reporter), REPLAN.format(stage_id(outcome, "in_production")), {"planned_on": "2024-12-31"}
    )

    assert response.status_code == 422
    assert Stage.objects.get(pk=stage_id(outcome, "in_production")).planned_on == dt.date(2024, 7, 8)


def test_replan_of_a_private_outcome_of_another_unit_is_404(edition, stranger):
    unit = OrganizationFactory()
    hidden = OutcomeFactory(edition=edition, code="CG-2023-008", is_public=False, responsible_unit=unit)
    stage = StageFactory(outcome=hidden, planned_on=dt.date(2024, 1, 1))

    response = post(
        csrf_client_for(stranger),
        f"/api/editions/2023/outcomes/CG-2023-008/stages/{stage.pk}/replan",
        {"planned_on": "2024-12-31", "reason": "x"},
    )

    assert response.status_code == 404


def test_outcomes_of_another_edition_are_not_listed(outcome):
    other = EditionFactory(year=2024)
    OutcomeFactory(edition=other, code="CG-2024-001", signed_amount=Decimal("5"))

    body = client_for().get("/api/editions/2023/outcomes").json()

    assert [i["code"] for i in body["items"]] == ["CG-2023-001"]
