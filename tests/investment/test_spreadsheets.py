"""Importing the project index from Excel: every row checked first, all or nothing, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from ecoforum.core.models import AuditEntry
from ecoforum.investment.models import InvestmentProject
from ecoforum.investment.spreadsheets import COLUMNS, KEYS, import_projects

from ..factories import OrganizationFactory


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in their English source."""
    with translation.override("en"):
        yield


@pytest.fixture
def owner(db):
    return OrganizationFactory(name_zh_hans="黔南州投资促进局", name_en="Qiannan Investment Promotion Bureau")


def xlsx(rows: list[dict], *, header: list | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header if header is not None else [c.header for c in COLUMNS])
    for values in rows:
        sheet.append([values.get(key) for key in KEYS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def line(code, **values) -> dict:
    return {
        "code": code,
        "name_zh": f"项目{code}",
        "name_en": f"Project {code}",
        "summary_zh": "年产10万吨",
        "province": "贵州省",
        "city": "黔南州",
        "county": "都匀市",
        "industry_code": "3.2.2",
        "amount": 50000,
        "cooperation_mode": "合资",
        "stage": "planning",
        "owner": "黔南州投资促进局",
        "contact_name": "王明",
        "contact_phone": "0854-8221234",
        "contact_email": "wang@example.org",
        **values,
    }


def messages(result) -> list[str]:
    return [str(error) for error in result.errors]


def test_the_amount_header_says_it_is_in_wan_yuan():
    assert COLUMNS[KEYS.index("amount")].header == "amount 拟引资金额（万元）"


def test_import_creates_projects_in_yuan_then_updates_by_code(edition, owner):
    first = import_projects(
        edition, xlsx([line("P1"), line("P2", amount="1,200.5", cooperation_mode="PPP")]), actor=None
    )
    assert (first.errors, first.created, first.changed) == ([], ["P1", "P2"], [])
    projects = {p.code: p for p in InvestmentProject.objects.all()}
    assert (projects["P1"].investment_sought, projects["P1"].cooperation_mode, projects["P1"].owner) == (
        Decimal("500000000.00"),
        "joint_venture",
        owner,
    )
    assert (projects["P2"].investment_sought, projects["P2"].cooperation_mode) == (Decimal("12005000.00"), "ppp")

    again = import_projects(
        edition, xlsx([line("P1"), line("P2", amount="1,200.5", cooperation_mode="PPP")]), actor=None
    )
    assert (again.errors, again.created, again.changed, again.unchanged) == ([], [], [], ["P1", "P2"])

    changed = import_projects(edition, xlsx([line("P1", stage="在建"), line("P3")]), actor=None)
    assert (changed.created, changed.changed) == (["P3"], ["P1"])
    assert InvestmentProject.objects.get(code="P1").stage == "construction"
    assert list(AuditEntry.objects.filter(action="investment.projects.imported").values_list("data", flat=True)) == [
        {"file": "", "created": ["P3"], "changed": ["P1"]},
        {"file": "", "created": ["P1", "P2"], "changed": []},
    ]


def test_one_bad_row_among_good_ones_changes_nothing(edition, owner):
    result = import_projects(edition, xlsx([line("P1"), line("P2", industry_code="1.1"), line("P3")]), actor=None)
    assert messages(result) == [
        (
            "row 3: industry_code: «1.1» Manufacture of high-efficiency energy-saving equipment is not a level-3 entry "
            "of the catalogue; use a code such as 1.1.1."
        )
    ]
    assert (InvestmentProject.objects.count(), AuditEntry.objects.count()) == (0, 0)


def test_every_kind_of_bad_row_is_reported(edition, owner):
    rows = [
        line("P1", amount="a lot"),
        line("P2", industry_code="9.9.9", owner="无此单位"),
        line("P1"),
        line("P4", name_zh="", province=None, amount=0),
        line("P5", cooperation_mode="BOT", contact_email="wang@"),
        line(None),
    ]
    result = import_projects(edition, xlsx(rows), actor=None)
    assert messages(result) == [
        "row 2: amount: «a lot» is not an amount in 万元 (10,000 yuan); write a number such as 5000.",
        "row 3: industry_code: «9.9.9» is not a code of the Green Industry Guidance Catalogue (2019).",
        "row 3: owner: No organization is named «无此单位»; add it in the back office first.",
        "row 4: code: The code P1 is already used in row 2.",
        "row 5: name_zh: Every project needs a Chinese name.",
        "row 5: province: Every project needs a province, such as 贵州省.",
        "row 5: amount: The amount sought must be more than zero, not 0.",
        "row 6: cooperation_mode: «BOT» is not a cooperation mode; use one of 独资, 合资, 合作, ppp, 股权投资, 其他.",
        "row 6: contact_email: «wang@» is not an email address.",
        "row 7: code: Every project needs a code, such as GZ-001.",
    ]
    assert InvestmentProject.objects.count() == 0


@pytest.mark.parametrize("data", [b"", b"code,name\nP1,x\n", b"PK\x03\x04 not really a zip", b"%PDF-1.7"])
def test_a_file_that_is_not_a_workbook_gives_a_clear_message(edition, data):
    result = import_projects(edition, data, actor=None)
    assert messages(result) == [
        (
            "This file is not an Excel workbook (.xlsx). Save it from Excel or WPS as “Excel Workbook (.xlsx)” and "
            "upload it again."
        )
    ]


def test_missing_columns_are_named(edition):
    result = import_projects(edition, xlsx([], header=["code", "name_zh", "amount"]), actor=None)
    assert messages(result) == [
        (
            "The header row lacks the columns name_en, summary_zh, summary_en, province, city, county, industry_code, "
            "cooperation_mode, stage, owner, contact_name, contact_phone, contact_email."
        )
    ]


def test_command_prints_the_summary_or_the_errors(edition, owner, tmp_path):
    good, bad = tmp_path / "good.xlsx", tmp_path / "bad.xlsx"
    good.write_bytes(xlsx([line("P1")]))
    bad.write_bytes(xlsx([line("P2", industry_code="x")]))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_projects", edition.slug, str(good), stdout=out)
    assert out.getvalue() == "1 created, 0 changed, 0 unchanged.\n"
    with pytest.raises(CommandError) as error:
        call_command("import_projects", edition.slug, str(bad), stderr=err)
    assert str(error.value) == "Nothing was imported: 1 problem(s)."
    assert err.getvalue() == (
        "row 2: industry_code: «x» is not a code of the Green Industry Guidance Catalogue (2019).\n"
    )
