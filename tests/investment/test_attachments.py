"""Project files: the content decides what is accepted, and who may download what."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from ecoforum.core.models import AuditEntry
from ecoforum.investment import attachments
from ecoforum.investment.exceptions import InvestmentError
from ecoforum.investment.models import ProjectAttachment

from ..factories import UserFactory
from .factories import InvestmentProjectFactory

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def project(edition):
    return InvestmentProjectFactory(edition=edition, code="GZ-001", name_zh_hans="都匀市生活垃圾焚烧发电项目")


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def add(project, actor, name="简介.pdf", content=PDF, *, is_public=True) -> ProjectAttachment:
    return attachments.add_attachment(
        project,
        upload=upload(name, content),
        title_zh_hans="项目简介",
        kind="brochure",
        is_public=is_public,
        actor=actor,
    )


def test_add_attachment_accepts_a_real_pdf_under_a_random_name(project, organizer):
    attachment = add(project, organizer)

    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "简介.pdf"
    assert attachment.size == len(PDF)
    assert attachment.file.name.endswith(".pdf")
    assert "简介" not in attachment.file.name
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    entry = AuditEntry.objects.get(action="investment.attachment.added")
    assert (entry.actor, entry.data["file"], entry.edition_id) == (organizer, "简介.pdf", project.edition_id)


def test_add_attachment_refuses_an_exe_renamed_pdf_naming_the_file(project, organizer, english):
    with pytest.raises(InvestmentError) as refused:
        add(project, organizer, name="brochure.pdf", content=EXE)

    assert str(refused.value) == (
        "«brochure.pdf» is not a PDF, PNG or JPEG picture, Excel (.xlsx) or Word (.docx) file; it was not added."
    )
    assert ProjectAttachment.objects.count() == 0


def test_add_attachment_tells_xlsx_from_any_zip(project, organizer):
    accepted = add(project, organizer, name="财务.xlsx", content=xlsx_bytes())
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an office document")

    assert accepted.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with pytest.raises(InvestmentError):
        add(project, organizer, name="plan.docx", content=buffer.getvalue())


def test_add_attachment_refuses_a_file_over_20_mb(project, organizer, english):
    with pytest.raises(InvestmentError) as refused:
        add(project, organizer, name="big.pdf", content=PDF + b"\x00" * (20 * 1024 * 1024))

    assert str(refused.value) == "«big.pdf» is larger than 20 MB."


def test_add_attachment_refuses_a_stranger(project):
    with pytest.raises(PermissionDenied):
        add(project, UserFactory())


def test_remove_attachment_deletes_row_and_file(project, organizer, django_capture_on_commit_callbacks):
    attachment = add(project, organizer)
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        attachments.remove_attachment(attachment, actor=organizer)

    assert ProjectAttachment.objects.count() == 0
    assert not storage.exists(name)
    assert AuditEntry.objects.filter(action="investment.attachment.removed").count() == 1


def _url(project, attachment) -> str:
    return reverse(
        "investment:attachment",
        kwargs={"edition": project.edition.slug, "pk": project.pk, "attachment_pk": attachment.pk},
    )


def test_public_pdf_is_served_inline_with_its_checked_type(project, organizer, client):
    attachment = add(project, organizer)

    response = client.get(_url(project, attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E7%AE%80%E4%BB%8B.pdf"
    assert b"".join(response.streaming_content) == PDF


def test_xlsx_is_served_as_a_download(project, organizer, client):
    attachment = add(project, organizer, name="finance.xlsx", content=xlsx_bytes())

    response = client.get(_url(project, attachment))
    response.close()

    assert response["Content-Disposition"] == 'attachment; filename="finance.xlsx"'


def test_non_public_attachment_is_404_for_the_public_and_served_to_organizers(project, organizer, client):
    attachment = add(project, organizer, is_public=False)
    url = _url(project, attachment)

    anonymous = client.get(url)
    client.force_login(UserFactory())
    stranger = client.get(url)
    client.force_login(organizer)
    allowed = client.get(url)
    allowed.close()

    assert (anonymous.status_code, stranger.status_code, allowed.status_code) == (404, 404, 200)


def test_attachment_of_another_project_is_404(project, organizer, client, edition):
    attachment = add(project, organizer)
    other = InvestmentProjectFactory(edition=edition, code="GZ-002")

    response = client.get(_url(other, attachment))

    assert response.status_code == 404


def test_project_page_lists_public_files_only(project, organizer, client):
    add(project, organizer)
    hidden = add(project, organizer, name="内部.pdf", is_public=False)
    hidden.title_zh_hans = "内部测算"
    hidden.save(update_fields=["title_zh_hans"])

    page = client.get(reverse("investment:project", kwargs={"edition": project.edition.slug, "pk": project.pk}))

    html = page.content.decode()
    assert "项目简介" in html
    assert "内部测算" not in html


def test_organizer_uploads_on_the_back_office_page(project, organizer, client, english):
    client.force_login(organizer)
    url = reverse("manage_investment:project", kwargs={"edition_slug": project.edition.slug, "pk": project.pk})
    form = {"title_zh_hans": "效果图", "title_en": "Rendering", "kind": "picture", "is_public": "on"}

    accepted = client.post(url, {**form, "file": upload("view.png", PNG)})
    refused = client.post(url, {**form, "file": upload("virus.pdf", EXE)}, HTTP_ACCEPT_LANGUAGE="en")
    refused_zh = client.post(url, {**form, "file": upload("病毒.pdf", EXE)}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert accepted.status_code == 302
    assert ProjectAttachment.objects.get().content_type == "image/png"
    assert refused.status_code == 200
    assert "«virus.pdf» is not a PDF" in refused.content.decode()
    assert "«病毒.pdf»" in refused_zh.content.decode() and "is not a PDF" not in refused_zh.content.decode()
    assert ProjectAttachment.objects.count() == 1


def test_back_office_project_page_is_404_for_a_non_organizer(project, client):
    client.force_login(UserFactory())
    url = reverse("manage_investment:project", kwargs={"edition_slug": project.edition.slug, "pk": project.pk})

    response = client.post(url, {"title_zh_hans": "x", "kind": "other", "file": upload("a.pdf", PDF)})

    assert response.status_code == 404
    assert ProjectAttachment.objects.count() == 0
