"""Workbooks of the desk: the filtered registration list (identity redacted) and a form's codes."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ecoforum.forums.enums import CommitteeRole
from ecoforum.services.desk import generate_codes
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.exports import RegistrationListExport

from ..factories import CommitteeMemberFactory, OrganizationFactory, PersonFactory, UserFactory
from .factories import RegistrationFactory, RegistrationFormFactory

pytestmark = pytest.mark.django_db


def member(edition, role):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=role)
    return user


@pytest.fixture
def form(edition):
    return RegistrationFormFactory(
        edition=edition, slug="media", category__name_zh_hans="媒体", category__name_en="Media"
    )


def sheet_of(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content)).active


def test_list_export_keeps_chinese_and_redacts_identity(client, edition, form):
    organization = OrganizationFactory(name="新华通讯社", name_zh_hans="新华通讯社", name_en="Xinhua News Agency")
    found = RegistrationFactory(
        edition=edition,
        form=form,
        person=PersonFactory(name="王小明", name_zh_hans="王小明", name_en="Wang Xiaoming", organization=organization),
        document_type="id_card",
        document_number="520102199001011234",
        date_of_birth="1990-01-01",
        nationality="CN",
        phone="+86 138 0000 0001",
    )
    RegistrationFactory(edition=edition, form=form, status=RegistrationStatus.CANCELLED)
    client.force_login(member(edition, CommitteeRole.GUEST_SERVICES))
    response = client.get(
        reverse("manage_services:registrations_xlsx", kwargs={"edition_slug": edition.slug}), {"status": "approved"}
    )
    sheet = sheet_of(response)
    header = [cell.value for cell in sheet[2]]
    assert header[:6] == [
        "reference 报名编号",
        "status 状态",
        "category 参会类别",
        "form 报名表",
        "name_zh 中文姓名",
        "name_en 英文姓名",
    ]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 1
    row = dict(zip([h.split()[0] for h in header], rows[0], strict=True))
    assert (row["reference"], row["category"], row["name_zh"], row["name_en"], row["organization"]) == (
        found.reference,
        "媒体",
        "王小明",
        "Wang Xiaoming",
        "新华通讯社",
    )
    assert (row["document_number"], row["date_of_birth"], row["nationality"], row["phone"]) == (
        "••••••••••••••••34",
        "••••••••01",
        "••••",
        "+86 138 0000 0001",
    )
    every_cell = [str(value) for values in sheet.iter_rows(values_only=True) for value in values]
    assert not [value for value in every_cell if "520102199001011234" in value or "1990-01-01" in value]


def test_list_export_redacts_identity_even_for_organizers(client, edition, form):
    RegistrationFactory(edition=edition, form=form, document_type="passport", document_number="E12345678")
    client.force_login(member(edition, CommitteeRole.ORGANIZER))
    sheet = sheet_of(client.get(reverse("manage_services:registrations_xlsx", kwargs={"edition_slug": edition.slug})))
    header = [cell.value.split()[0] for cell in sheet[2]]
    assert sheet.cell(row=3, column=header.index("document_number") + 1).value == "•••••••78"


def test_list_export_refused_to_read_only_staff(client, edition, form):
    client.force_login(member(edition, CommitteeRole.STAFF))
    response = client.get(reverse("manage_services:registrations_xlsx", kwargs={"edition_slug": edition.slug}))
    assert response.status_code == 403


def test_list_export_text_starting_with_equals_is_not_a_formula(edition, form):
    found = RegistrationFactory(edition=edition, form=form, person=PersonFactory(name_zh_hans="=1+2", name_en="x"))
    content = RegistrationListExport(edition, [found]).render()
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.cell(row=3, column=5).value == "=1+2"  # the name as written, stored as text
    assert sheet.cell(row=3, column=5).data_type == "s"


def test_codes_export_lists_codes_with_uses(client, edition, form):
    user = member(edition, CommitteeRole.GUEST_SERVICES)
    codes = generate_codes(form, 3, actor=user, note="肯尼亚代表团", max_uses=2)
    codes[0].uses = 1
    codes[0].save()
    client.force_login(user)
    sheet = sheet_of(
        client.get(reverse("manage_services:form_codes_xlsx", kwargs={"edition_slug": edition.slug, "slug": form.slug}))
    )
    rows = sorted(sheet.iter_rows(min_row=3, values_only=True))
    assert sorted((r[0], r[1], r[2], r[4]) for r in rows) == sorted(
        (c.code, 1 if c.pk == codes[0].pk else 0, 2, "肯尼亚代表团") for c in codes
    )
