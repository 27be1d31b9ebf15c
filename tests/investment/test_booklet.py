"""The project index booklet: PDF (text and a picture of its pages) and Excel, made as a background job."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from ecoforum.core import jobs
from ecoforum.core.models import Job
from ecoforum.investment.booklet import BookletPdf, BookletWorkbook, build_booklet
from ecoforum.investment.tasks import BOOKLET_JOB, make_booklet

from ..factories import UserFactory
from .factories import InvestmentProjectFactory, entry


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def projects(edition):
    return [
        InvestmentProjectFactory(
            edition=edition,
            code="GZ-001",
            name_zh_hans="都匀市生活垃圾焚烧发电项目",
            name_en="Duyun waste-to-energy plant",
            summary_zh_hans="日处理生活垃圾600吨。",
            industry=entry("1.7.3"),
            investment_sought=Decimal("500000000.00"),
        ),
        InvestmentProjectFactory(
            edition=edition,
            code="GZ-002",
            name_zh_hans="赤水河流域生态修复项目",
            name_en="Chishui river restoration",
            industry=entry("4.1.1"),
            investment_sought=Decimal("120000000.00"),
        ),
        InvestmentProjectFactory(
            edition=edition,
            code="GZ-003",
            name_zh_hans="贵阳节能锅炉制造基地",
            name_en="Guiyang efficient boiler works",
            industry=entry("1.1.1"),
            investment_sought=Decimal("30000000.00"),
        ),
    ]


def _pdf_text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_booklet_groups_projects_by_level_one_industry_with_subtotals(projects, edition):
    booklet = build_booklet(edition)

    assert [s.industry.code for s in booklet.sections] == ["1", "4"]
    assert [[e.project.code for e in s.entries] for s in booklet.sections] == [["GZ-001", "GZ-003"], ["GZ-002"]]
    assert [s.amount_wan for s in booklet.sections] == [Decimal("53000.00"), Decimal("12000.00")]
    assert booklet.count == 3
    assert booklet.amount_yi == Decimal("6.50")


def test_booklet_pdf_shows_chinese_names_and_total(projects, edition, tmp_path):
    data = BookletPdf(build_booklet(edition)).render()

    text = _pdf_text(data)
    assert data.startswith(b"%PDF-")
    for name in ("都匀市生活垃圾焚烧发电项目", "赤水河流域生态修复项目", "贵阳节能锅炉制造基地"):
        assert name in text
    assert "6.5亿元" in text
    assert "50,000万元（5亿元）" in text
    pdf = pypdfium2.PdfDocument(data)
    try:
        assert len(pdf) >= 5  # cover, contents, two industries, totals
        image = pdf[0].render(scale=1).to_pil()
        path = tmp_path / "cover.png"
        image.save(path)
    finally:
        pdf.close()
    assert path.stat().st_size > 1000
    assert image.size in {(595, 842), (596, 842)}  # A4 at 72 dpi, rounded


def test_booklet_pdf_in_english(projects, edition, english):
    text = _pdf_text(BookletPdf(build_booklet(edition)).render())

    assert "Contents" in text
    assert "Duyun waste-to-energy plant" in text
    assert "CNY 650 m (6.5亿元)" in text


def test_booklet_workbook_has_every_project_and_right_totals(projects, edition):
    data = BookletWorkbook(build_booklet(edition)).render()

    workbook = load_workbook(io.BytesIO(data))
    sheet, by_industry = workbook.worksheets
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[1] for row in rows[:-1]] == ["GZ-001", "GZ-003", "GZ-002"]
    assert [row[8] for row in rows[:-1]] == [50000, 3000, 12000]
    assert rows[-1][8] == 65000
    assert rows[-1][9] == 6.5
    totals = list(by_industry.iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[2], row[3]) for row in totals] == [("1", 2, 53000), ("4", 1, 12000), (None, 3, 65000)]


def test_booklet_job_reports_progress_and_finishes_with_the_file(
    projects, edition, organizer, client, django_capture_on_commit_callbacks
):
    client.force_login(organizer)
    url = reverse("manage_investment:booklet", kwargs={"edition_slug": edition.slug, "file_format": "xlsx"})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    job = Job.objects.get(kind=BOOKLET_JOB)
    assert response.status_code == 302
    assert response["Location"] == reverse("job", kwargs={"pk": job.pk})
    assert job.status == Job.Status.DONE
    assert (job.done, job.total) == (4, 4)
    assert job.created_by == organizer
    assert job.file_name.endswith(".xlsx")
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    assert download["Content-Type"] == jobs.CONTENT_TYPES[".xlsx"]
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).worksheets[0]["B2"].value == "GZ-001"


def test_booklet_start_for_a_non_organizer_is_404(edition, client):
    client.force_login(UserFactory())
    url = reverse("manage_investment:booklet", kwargs={"edition_slug": edition.slug, "file_format": "pdf"})

    response = client.post(url)

    assert response.status_code == 404
    assert Job.objects.count() == 0


def test_public_booklet_serves_the_latest_finished_pdf(projects, edition, organizer, client):
    url = reverse("investment:booklet_pdf", kwargs={"edition": edition.slug})
    assert client.get(url).status_code == 404
    job = jobs.start_job(BOOKLET_JOB, edition=edition, user=organizer, parameters={"format": "pdf"}, task=make_booklet)
    make_booklet.call(job.pk)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def _overview(edition) -> str:
    return reverse("manage_investment:overview", kwargs={"edition_slug": edition.slug})


def test_overview_shows_count_total_and_booklet_buttons(projects, edition, organizer, client):
    client.force_login(organizer)

    response = client.get(_overview(edition))

    html = response.content.decode()
    assert response.status_code == 200
    assert "6.5亿元" in html
    assert reverse("manage_investment:booklet", kwargs={"edition_slug": edition.slug, "file_format": "pdf"}) in html
    assert reverse("manage_investment:import", kwargs={"edition_slug": edition.slug}) in html
    for code in ("GZ-001", "GZ-002", "GZ-003"):
        assert code in html


def test_overview_is_404_for_a_coordinator(edition, coordinator, client):
    client.force_login(coordinator)

    assert client.get(_overview(edition)).status_code == 404


def test_overview_queries_do_not_grow_with_projects(edition, organizer, client):
    client.force_login(organizer)
    InvestmentProjectFactory(edition=edition)
    client.get(_overview(edition))  # warm the session and the catalogue caches

    with CaptureQueriesContext(connection) as one:
        client.get(_overview(edition))
    InvestmentProjectFactory.create_batch(2, edition=edition)
    with CaptureQueriesContext(connection) as three:
        client.get(_overview(edition))

    assert len(three) == len(one)
