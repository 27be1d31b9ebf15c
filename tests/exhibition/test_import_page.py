"""The organizers' exhibitor import page: upload, preview that saves nothing, confirm that saves all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.exhibition.imports import preview_exhibitors
from ecoforum.exhibition.models import Exhibitor

from ..factories import UserFactory
from .test_import import ROWS, csv_bytes


@pytest.fixture
def browser(organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    return client


def url(edition, name: str = "") -> str:
    return f"/manage/{edition.slug}/exhibition/import/{name}"


def upload(data: bytes, name: str = "exhibitors.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_import_page_preview_saves_nothing_and_confirm_imports(browser, edition):
    page = browser.post(url(edition), {"file": upload(csv_bytes(ROWS, encoding="gbk"))})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Preview: nothing is saved yet." in text
    assert "2 exhibitors to create" in text
    assert not Exhibitor.objects.exists()
    digest = browser.session["exhibition.exhibitor_import"]["sha256"]
    done = browser.post(url(edition, "confirm/"), {"sha256": digest})
    assert done.status_code == 200
    assert "The exhibitors were imported." in done.content.decode()
    assert Exhibitor.objects.filter(edition=edition).count() == 2
    assert AuditEntry.objects.filter(action="exhibition.exhibitors.imported").count() == 1
    again = browser.post(url(edition, "confirm/"), {"sha256": digest})
    assert again.status_code == 409


def test_import_page_bad_rows_are_listed_and_nothing_is_offered(browser, edition):
    rows = [ROWS[0], ["某公司", "", "贵州", "", "9.9.9", "", ""]]
    page = browser.post(url(edition), {"file": upload(csv_bytes(rows))})
    text = page.content.decode()
    assert "This file cannot be imported: 1 problem to fix." in text
    assert "row 3: industries: «9.9.9» is not a code" in text
    assert "import/confirm/" not in text
    assert "exhibition.exhibitor_import" not in browser.session


def test_import_page_template_workbook_imports_as_it_is(browser, edition):
    response = browser.get(url(edition, "template.xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "name_zh 企业名称"
    preview = preview_exhibitors(edition, response.content, "template.xlsx")
    assert [str(e) for e in preview.errors] == []
    assert preview.created == ["贵州绿色能源科技有限公司"]


@pytest.mark.parametrize("who", ["anonymous", "stranger"])
def test_import_page_only_for_organizers(edition, who):
    client = Client()
    if who == "stranger":
        client.force_login(UserFactory())
    response = client.get(url(edition))
    assert response.status_code == (302 if who == "anonymous" else 404)
    response = client.post(url(edition, "confirm/"), {"sha256": "x"})
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_import_page_the_miit_list_in_gbk(browser, edition, shared):
    path = shared / "data" / "cn" / "绿色工厂名单.csv"
    if not path.exists():
        pytest.skip("the MIIT green-factory list is not in ../shared")
    gbk = path.read_bytes().decode("utf-8-sig").encode("gbk")
    page = browser.post(url(edition), {"file": upload(gbk, "绿色工厂名单.csv")})
    assert "2783 exhibitors to create" in page.content.decode()
    digest = browser.session["exhibition.exhibitor_import"]["sha256"]
    done = browser.post(url(edition, "confirm/"), {"sha256": digest})
    assert done.status_code == 200
    assert Exhibitor.objects.filter(edition=edition, region="新疆生产建设兵团").count() == 10
