"""The outcome workbooks: the filtered list and the overdue list open in openpyxl with Chinese titles."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from ..factories import PersonFactory
from .page_factories import freeze, project_outcome

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now(monkeypatch):
    freeze(monkeypatch)


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_list_workbook_has_chinese_titles_and_the_filtered_rows(client, edition, organizer):
    late = project_outcome(edition, code="CG-2023-001", title="=光伏电站", late_days=9)
    late.contacts.add(PersonFactory(name_zh_hans="李明", email="li@example.org"))
    project_outcome(edition, code="CG-2023-002", title="风电项目")
    client.force_login(organizer)

    response = client.get("/manage/2023/outcomes/all.xlsx?q=光伏")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["X-Content-Type-Options"] == "nosniff"
    sheet = _sheet(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert sheet.title == "成果"
    assert rows[0][0] == "2023年生态文明贵阳国际论坛 · 成果清单（2024-06-01）"
    assert rows[1][:6] == (
        "code 编号",
        "kind 类型",
        "title_zh 成果名称",
        "title_en 英文名称",
        "status 状态",
        "days_late 逾期天数",
    )
    assert len(rows) == 3
    assert rows[2][0] == "CG-2023-001"
    assert rows[2][2] == "=光伏电站"
    assert sheet["C3"].data_type == "s"
    assert rows[2][5] == 9
    assert rows[2][7] == dt.datetime(2024, 5, 23)
    assert rows[2][9] == "李明 <li@example.org>"


def test_overdue_workbook_has_only_the_red_outcomes_latest_first(client, edition, organizer):
    project_outcome(edition, code="CG-2023-001", late_days=3)
    project_outcome(edition, code="CG-2023-002")
    project_outcome(edition, code="CG-2023-003", late_days=30)
    client.force_login(organizer)

    response = client.get("/manage/2023/outcomes/overdue.xlsx")

    sheet = _sheet(response)
    assert sheet.title == "逾期成果"
    assert sheet["A1"].value == "2023年生态文明贵阳国际论坛 · 逾期成果（2024-06-01）"
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["CG-2023-003", "CG-2023-001"]


def test_workbooks_are_for_the_committee_only(client, outcome, reporter):
    client.force_login(reporter)

    assert client.get("/manage/2023/outcomes/all.xlsx").status_code == 404
    assert client.get("/manage/2023/outcomes/overdue.xlsx").status_code == 404
