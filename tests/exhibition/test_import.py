"""Importing exhibitors from .xlsx and .csv (UTF-8, UTF-8 with BOM, GBK), and MIIT's green-factory list."""

from __future__ import annotations

import csv
import io
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from ecoforum.core.models import AuditEntry
from ecoforum.exhibition.imports import import_exhibitors, preview_exhibitors
from ecoforum.exhibition.models import Exhibitor
from ecoforum.people.models import Organization

from ..factories import OrganizationFactory
from .factories import ExhibitorFactory

HEADER = ["name_zh 企业名称", "name_en 英文名称", "region 省份", "city 城市", "industries", "tags 标签", "website"]
ROWS = [
    [
        "贵州磷化（集团）有限责任公司",
        "Guizhou Phosphate Chemical Group",
        "贵州",
        "贵阳市",
        "1.1.1、3.2.1",
        "中国500强",
        "",
    ],
    ["深圳比亚迪汽车有限公司", "", "深圳", "", "1.1.1", "世界500强; 行业领军", "www.example.com"],
]


def csv_bytes(rows, header=HEADER, encoding="utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(csv_bytes(ROWS), id="utf-8"),
        pytest.param(csv_bytes(ROWS, encoding="utf-8-sig"), id="utf-8-bom"),
        pytest.param(csv_bytes(ROWS, encoding="gbk"), id="gbk"),
        pytest.param(xlsx_bytes(ROWS), id="xlsx"),
    ],
)
def test_import_exhibitors_reads_every_format(edition, data):
    result = import_exhibitors(edition, data, actor=None, filename="exhibitors")
    assert [str(e) for e in result.errors] == []
    assert result.created == ["贵州磷化（集团）有限责任公司", "深圳比亚迪汽车有限公司"]
    guizhou = Exhibitor.objects.get(edition=edition, name_zh_hans="贵州磷化（集团）有限责任公司")
    assert (guizhou.region, guizhou.city, guizhou.country) == ("贵州省", "贵阳市", "CN")
    assert guizhou.name_en == "Guizhou Phosphate Chemical Group"
    assert guizhou.slug == "guizhou-phosphate-chemical-group"
    assert sorted(guizhou.industries.values_list("code", flat=True)) == ["1.1.1", "3.2.1"]
    assert (guizhou.is_china_top_500, guizhou.is_fortune_global_500, guizhou.is_industry_leader) == (True, False, False)
    byd = Exhibitor.objects.get(edition=edition, name_zh_hans="深圳比亚迪汽车有限公司")
    assert (byd.region, byd.city) == ("广东省", "深圳市")
    assert byd.website == "https://www.example.com"
    assert (byd.is_fortune_global_500, byd.is_industry_leader) == (True, True)
    assert byd.slug.startswith("e-")
    assert (byd.organization.name_zh_hans, byd.organization.kind, byd.organization.region) == (
        "深圳比亚迪汽车有限公司",
        "enterprise",
        "广东省",
    )
    assert AuditEntry.objects.filter(action="exhibition.exhibitors.imported").count() == 1


def test_import_exhibitors_again_changes_nothing(edition):
    import_exhibitors(edition, csv_bytes(ROWS), actor=None)
    again = import_exhibitors(edition, xlsx_bytes(ROWS), actor=None)
    assert (again.created, again.changed, len(again.unchanged)) == ([], [], 2)
    assert Exhibitor.objects.filter(edition=edition).count() == 2
    assert AuditEntry.objects.filter(action="exhibition.exhibitors.imported").count() == 1


def test_preview_exhibitors_names_what_changes_and_saves_nothing(edition):
    import_exhibitors(edition, csv_bytes(ROWS), actor=None)
    rows = [[*ROWS[0][:5], "行业领军", ""], ["新公司", "New Co", "内蒙", "", "", "", ""]]
    preview = preview_exhibitors(edition, csv_bytes(rows), "x.csv")
    assert preview.created == ["新公司"]
    assert preview.changed == ["贵州磷化（集团）有限责任公司"]
    assert preview.changed_columns == {"贵州磷化（集团）有限责任公司": ["is_china_top_500", "is_industry_leader"]}
    assert not Exhibitor.objects.filter(name_zh_hans="新公司").exists()


def test_import_exhibitors_matches_an_existing_organization_by_name(edition):
    organization = OrganizationFactory(name_zh_hans="贵州磷化（集团）有限责任公司", name_en="")
    existing = ExhibitorFactory(edition=edition, organization=organization, name_zh_hans="旧名")
    result = import_exhibitors(edition, csv_bytes(ROWS[:1]), actor=None)
    assert result.changed == ["贵州磷化（集团）有限责任公司"]
    existing.refresh_from_db()
    assert existing.name_zh_hans == "贵州磷化（集团）有限责任公司"
    assert Organization.objects.filter(name_zh_hans="贵州磷化（集团）有限责任公司").count() == 1


def test_import_exhibitors_bad_rows_are_named_and_nothing_is_saved(edition, english):
    rows = [
        ROWS[0],
        ["", "", "贵州", "", "", "", ""],
        ["某某公司", "", "贵州", "", "1.1.1; 9.9.9", "", ""],
        ["贵州磷化（集团）有限责任公司", "", "贵州", "", "", "", ""],
        ["另一公司", "", "", "", "", "百强", ""],
    ]
    result = import_exhibitors(edition, csv_bytes(rows), actor=None)
    assert [str(e) for e in result.errors] == [
        "row 3: name_zh: Every exhibitor needs a name.",
        "row 4: industries: «9.9.9» is not a code of the Green Industry Guidance Catalogue (2019).",
        "row 5: name_zh: «贵州磷化（集团）有限责任公司» is already in row 2.",
        "row 6: tags: «百强» is not a tag; use 世界500强, 中国500强 or 行业领军.",
    ]
    assert not Exhibitor.objects.exists()
    assert not Organization.objects.filter(name_zh_hans="某某公司").exists()


def test_import_exhibitors_refuses_a_file_that_is_not_a_table(edition, english):
    result = preview_exhibitors(edition, b"\x00\x01MZ\x90 binary", "x.csv")
    assert next(str(e) for e in result.errors).startswith("This file is neither an Excel workbook")
    result = preview_exhibitors(edition, csv_bytes([["a"]], header=["foo", "bar"]), "x.csv")
    assert [str(e) for e in result.errors] == [
        "No header row names the exhibitors: it needs a column name_zh (企业名称 or 工厂名称) or name_en."
    ]


# --- MIIT's green-factory list ----------------------------------------------------------------


@pytest.fixture
def miit(shared) -> bytes:
    path = shared / "data" / "cn" / "绿色工厂名单.csv"
    if not path.exists():
        pytest.skip("the MIIT green-factory list is not in ../shared")
    return path.read_bytes()


def test_import_exhibitors_the_miit_list_with_regions_normalized(edition, miit):
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        result = import_exhibitors(edition, miit, actor=None, filename="绿色工厂名单.csv")
    assert [str(e) for e in result.errors][:5] == []
    assert len(result.created) == 2783
    assert len(queries) < 150  # bulk batches (SQLite caps the parameters of one query), not a query per row
    assert time.monotonic() - started < 30
    exhibitors = Exhibitor.objects.filter(edition=edition)
    assert exhibitors.count() == 2783
    regions = set(exhibitors.values_list("region", flat=True))
    assert "内蒙" not in regions and "兵团" not in regions and "新疆兵团" not in regions
    assert exhibitors.filter(region="新疆生产建设兵团").count() == 10
    assert exhibitors.filter(region="内蒙古自治区").count() == 73
    assert exhibitors.filter(region="广东省", city="深圳市").count() == 62
    assert exhibitors.filter(region="广东省").count() == 179 + 62
    boe = exhibitors.get(name_zh_hans="北京京东方显示技术有限公司")
    assert (boe.region, boe.description_zh_hans) == ("北京市", "行业：电子")
    assert len(set(exhibitors.values_list("slug", flat=True))) == 2783
    again = preview_exhibitors(edition, miit, "绿色工厂名单.csv")
    assert (again.created, again.changed, len(again.unchanged)) == ([], [], 2783)


def test_preview_exhibitors_the_miit_list_encoded_in_gbk(edition, miit):
    gbk = miit.decode("utf-8-sig").encode("gb18030")
    result = preview_exhibitors(edition, gbk, "绿色工厂名单.csv")
    assert [str(e) for e in result.errors][:5] == []
    assert len(result.created) == 2783
    assert result.created[0] == "北京京东方显示技术有限公司"


def test_import_exhibitors_two_names_of_one_organization_are_refused(edition, english):
    OrganizationFactory(name_zh_hans="贵州磷化（集团）有限责任公司", name_en="Guizhou Phosphate Chemical Group")
    rows = [
        ["贵州磷化（集团）有限责任公司", "", "贵州", "", "", "", ""],
        ["", "Guizhou Phosphate Chemical Group", "贵州", "", "", "", ""],
    ]
    result = import_exhibitors(edition, csv_bytes(rows), actor=None)
    assert [str(e) for e in result.errors] == [
        "row 3: Guizhou Phosphate Chemical Group is the same exhibitor as row 2."
    ]
    assert not Exhibitor.objects.exists()
