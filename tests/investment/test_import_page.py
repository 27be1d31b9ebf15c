"""The organizers' import page: upload, preview that saves nothing, confirm that saves all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from ecoforum.core.models import AuditEntry
from ecoforum.investment.models import InvestmentProject
from ecoforum.investment.spreadsheets import COLUMNS

from .factories import InvestmentProjectFactory
from .test_spreadsheets import line, xlsx


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def owner(db):
    from ..factories import OrganizationFactory

    return OrganizationFactory(name_zh_hans="黔南州投资促进局", name_en="Qiannan Investment Promotion Bureau")


@pytest.fixture
def browser(organizer):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(organizer)
    return client


def url(edition, name: str = "") -> str:
    return f"/manage/{edition.slug}/investment/import/{name}"


def upload(data: bytes, name: str = "projects.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_preview_changes_nothing_and_confirm_imports(browser, edition, owner):
    data = xlsx([line("GZ-101"), line("GZ-102", name_zh="磷化工绿色升级")])
    page = browser.post(url(edition), {"workbook": upload(data)})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Preview: nothing is saved yet." in text and "GZ-101, GZ-102" in text
    assert not InvestmentProject.objects.filter(edition=edition).exists()
    digest = browser.session["investment.project_import"]["sha256"]
    done = browser.post(url(edition, "confirm/"), {"sha256": digest})
    assert done.status_code == 200
    assert "The projects were imported." in done.content.decode()
    assert set(InvestmentProject.objects.filter(edition=edition).values_list("code", flat=True)) == {"GZ-101", "GZ-102"}
    assert AuditEntry.objects.filter(action="investment.projects.imported").count() == 1
    # The file waited for the confirmation only: a second confirmation finds nothing to apply.
    again = browser.post(url(edition, "confirm/"), {"sha256": digest})
    assert again.status_code == 409


def test_a_bad_row_is_named_with_its_column_and_nothing_is_saved(browser, edition, owner):
    data = xlsx([line("GZ-101"), line("GZ-102", industry_code="9.9.9"), line("GZ-103", amount="lots")])
    page = browser.post(url(edition), {"workbook": upload(data)})
    text = page.content.decode()
    assert "This workbook cannot be imported: 2 problems to fix." in text
    assert "row 3: industry_code" in text and "row 4: amount" in text
    assert "import/confirm/" not in text
    assert not InvestmentProject.objects.exists()
    assert "investment.project_import" not in browser.session


def test_the_preview_says_what_would_change(browser, edition, owner):
    InvestmentProjectFactory(edition=edition, code="GZ-101", owner=owner)
    page = browser.post(url(edition), {"workbook": upload(xlsx([line("GZ-101"), line("GZ-200")]))})
    text = page.content.decode()
    assert "1 project to create" in text and "1 project to change" in text


def test_a_file_that_is_not_a_workbook_is_refused_clearly(browser, edition):
    page = browser.post(url(edition), {"workbook": upload(b"MZ\x90\x00 not a workbook", "projects.xlsx")})
    assert page.status_code == 200
    assert "cannot be imported" in page.content.decode()
    assert not InvestmentProject.objects.exists()


def test_confirm_checks_again_when_the_database_changed(browser, edition, owner):
    data = xlsx([line("GZ-101", owner="黔南州投资促进局")])
    browser.post(url(edition), {"workbook": upload(data)})
    digest = browser.session["investment.project_import"]["sha256"]
    owner.name_zh_hans = "改名后的单位"
    owner.name_en = "Renamed"
    owner.save()
    done = browser.post(url(edition, "confirm/"), {"sha256": digest})
    assert done.status_code == 422
    assert "Nothing was imported" in done.content.decode()
    assert not InvestmentProject.objects.exists()


def test_template_workbook_has_the_header_the_import_reads(browser, edition, owner):
    response = browser.get(url(edition, "template.xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == [column.header for column in COLUMNS]
    from ecoforum.investment.spreadsheets import preview_projects

    preview = preview_projects(edition, response.content)
    assert [str(e) for e in preview.errors] == [] or all("owner" in str(e) for e in preview.errors)


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "stranger"])
def test_only_organizers_reach_the_import(edition, coordinator, who):
    from ..factories import UserFactory

    client = Client()
    if who == "coordinator":
        client.force_login(coordinator)
    elif who == "stranger":
        client.force_login(UserFactory())
    response = client.get(url(edition))
    assert response.status_code == (302 if who == "anonymous" else 404)
    response = client.post(url(edition, "confirm/"), {"sha256": "x"})
    assert response.status_code in (302, 404)
