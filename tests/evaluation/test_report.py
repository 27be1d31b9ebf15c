"""The evaluation report: the data built once, the PDF (text and a picture of page 1), the job and its page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from ecoforum.core import jobs
from ecoforum.core.models import Job
from ecoforum.evaluation import carbon
from ecoforum.evaluation.report import STEPS, ReportPdf, build_report
from ecoforum.evaluation.tasks import REPORT_JOB, make_report
from ecoforum.forums.enums import CommitteeRole
from ecoforum.outcomes.enums import Status

from ..factories import CommitteeMemberFactory, EditionFactory, UserFactory
from ..outcomes.factories import OutcomeFactory, StageFactory
from .kpi_factories import build_edition

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def known(edition):
    """The KPI fixture with k = 3, one overdue outcome, an earlier and a later edition of the same forum."""
    build_edition(edition, 3)
    late = OutcomeFactory(
        edition=edition, code="CG-2023-900", title_zh_hans="石漠化治理示范区建设", title_en="Karst restoration area"
    )
    StageFactory(outcome=late, planned_on=dt.date(2024, 6, 30), title_zh_hans="示范区验收", title_en="Acceptance")
    earlier = EditionFactory(forum=edition.forum, year=2022)
    later = EditionFactory(forum=edition.forum, year=2024)
    return {"edition": edition, "late": late, "earlier": earlier, "later": later}


def _text(data: bytes) -> str:
    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def _report_url(edition) -> str:
    return reverse("manage_evaluation:report", kwargs={"edition_slug": edition.slug})


# --- the data ------------------------------------------------------------------------


def test_report_builds_every_part_with_progress_after_each(known):
    edition = known["edition"]
    steps = []

    report = build_report(edition, progress=lambda done, total, message: steps.append((done, total)), steps_after=1)

    assert steps == [(1, 5), (2, 5), (3, 5), (4, 5)]
    assert STEPS == 4
    assert report.kpis.guests_on_site == 3
    assert report.kpis.signings == 3
    assert report.kpis.satisfaction == Decimal("4.25")
    assert [k.edition for k in report.compared] == [known["earlier"], edition]
    assert [row.outcome.code for row in report.overdue] == ["CG-2023-900"]
    assert report.summary.by_status[Status.RED] == 1
    assert report.summary.by_status[Status.DONE] == 3
    assert [part.survey.slug for part in report.surveys] == ["guests"]
    assert report.surveys[0].questions[0].chart[3].value == 3  # three guests rated 4
    assert [row.label for row in report.footprint_chart] == [carbon.group_label(code) for code in carbon.GROUPS]


def test_kpi_rows_show_each_figure_for_each_edition_compared(known):
    report = build_report(known["edition"])

    guests = next(row for row in report.kpi_rows if row.name == "guests_on_site")

    assert [display for display, _change in guests.cells] == ["0", "3"]


# --- the PDF ------------------------------------------------------------------------------


def test_report_pdf_in_chinese_has_the_title_a_kpi_figure_and_the_overdue_outcome(known):
    edition = known["edition"]
    with translation.override("zh-hans"):
        pdf = ReportPdf(build_report(edition))
        data = pdf.render()

    text = _text(data)
    assert data[:5] == b"%PDF-"
    assert "2023年生态文明贵阳国际论坛" in text
    assert "3亿元" in text  # three signings of 1亿元 each, counted
    assert "石漠化治理示范区建设" in text
    assert pdf.file_name == "2023年生态文明贵阳国际论坛评估报告.pdf"


def test_report_pdf_page_one_is_the_drawn_cover(known):
    with translation.override("zh-hans"):
        data = ReportPdf(build_report(known["edition"])).render()

    pdf = pypdfium2.PdfDocument(data)
    try:
        pages = len(pdf)
        image = pdf[0].render(scale=1).to_pil().convert("RGB")
    finally:
        pdf.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image.save(SCREENSHOTS / "evaluation-report-cover.png")
    width, height = image.size
    assert pages >= 6
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)  # A4
    band = image.getpixel((width // 2, height // 20))
    assert band == (15, 76, 50)  # the dark green band of the cover (#0f4c32)
    assert len(image.crop((0, 0, width, height // 3)).getcolors(maxcolors=100_000)) > 50  # the title is drawn on it


def test_report_pdf_in_english(known):
    with translation.override("en"):
        data = ReportPdf(build_report(known["edition"])).render()

    text = _text(data)
    assert "Evaluation report" in text
    assert "Key figures" in text
    assert "Karst restoration area" in text


# --- the job and the page ------------------------------------------------------------------


def test_report_job_reports_progress_and_finishes_with_the_pdf(
    known, organizer, client, django_capture_on_commit_callbacks
):
    edition = known["edition"]
    client.force_login(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_report_url(edition), {"language": "en"})

    job = Job.objects.get(kind=REPORT_JOB)
    assert response.status_code == 302
    assert response["Location"] == f"{_report_url(edition)}?job={job.pk}"
    assert job.status == Job.Status.DONE
    assert (job.done, job.total) == (5, 5)
    assert job.parameters["language"] == "en"
    assert job.file_name == "Eco Forum Global Guiyang 2023 evaluation report.pdf"
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    assert download["Content-Type"] == jobs.CONTENT_TYPES[".pdf"]
    assert b"".join(download.streaming_content)[:5] == b"%PDF-"


def test_report_page_shows_the_job_just_started_and_earlier_reports(known, organizer, client, english):
    edition = known["edition"]
    client.force_login(organizer)
    done = Job.objects.create(
        kind=REPORT_JOB, edition_id=edition.pk, created_by=organizer, status=Job.Status.DONE, file_name="old.pdf"
    )
    running = Job.objects.create(kind=REPORT_JOB, edition_id=edition.pk, created_by=organizer, status="running")

    response = client.get(f"{_report_url(edition)}?job={running.pk}", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response.context["job"] == running
    assert response.context["earlier"] == [done]
    html = response.content.decode()
    assert 'id="job-status"' in html
    assert reverse("job_download", kwargs={"pk": done.pk}) in html


def test_report_page_ignores_a_job_that_is_not_the_users_or_not_a_report(known, organizer, client):
    edition = known["edition"]
    client.force_login(organizer)
    someone_elses = Job.objects.create(kind=REPORT_JOB, edition_id=edition.pk, created_by=UserFactory())
    booklet = Job.objects.create(kind="investment.booklet", edition_id=edition.pk, created_by=organizer)

    for value in (str(someone_elses.pk), str(booklet.pk), "abc", "999999"):
        response = client.get(f"{_report_url(edition)}?job={value}")
        assert (value, response.status_code, response.context["job"]) == (value, 200, None)


def test_report_start_with_an_unknown_language_changes_nothing(known, organizer, client):
    client.force_login(organizer)

    response = client.post(_report_url(known["edition"]), {"language": "fr"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 422
    assert "Choose Chinese or English for the report." in response.content.decode()
    assert Job.objects.count() == 0


def test_read_only_staff_may_make_the_report(known, client, django_capture_on_commit_callbacks):
    user = UserFactory()
    CommitteeMemberFactory(edition=known["edition"], user=user, role=CommitteeRole.STAFF)
    client.force_login(user)

    response = client.post(_report_url(known["edition"]), {"language": "zh-hans"})

    assert response.status_code == 302
    assert Job.objects.get().created_by == user


@pytest.mark.parametrize("role", [CommitteeRole.GATE_STAFF, CommitteeRole.GUEST_SERVICES])
def test_committee_members_without_the_evaluation_get_403(known, client, role):
    user = UserFactory()
    CommitteeMemberFactory(edition=known["edition"], user=user, role=role)
    client.force_login(user)

    assert client.get(_report_url(known["edition"])).status_code == 403
    assert client.post(_report_url(known["edition"]), {"language": "en"}).status_code == 403
    assert Job.objects.count() == 0


def test_report_page_is_404_outside_the_committee(known, client):
    client.force_login(UserFactory())

    assert client.get(_report_url(known["edition"])).status_code == 404
    assert client.get(_report_url(known["later"])).status_code == 404


#: The page's queries whatever the number of earlier reports (session, user, edition, committee role, jobs).
QUERIES = 5


@pytest.mark.parametrize("count", [1, 3])
def test_report_page_queries_do_not_grow_with_earlier_reports(edition, organizer, client, count):
    client.force_login(organizer)
    for _ in range(count):
        Job.objects.create(kind=REPORT_JOB, edition_id=edition.pk, created_by=organizer, status=Job.Status.DONE)
    client.get(_report_url(edition))  # warm the session and the caches

    with CaptureQueriesContext(connection) as queries:
        response = client.get(_report_url(edition))

    assert len(response.context["earlier"]) == count
    assert len(queries) == QUERIES


def test_make_report_for_a_deleted_edition_fails_with_a_message(edition, organizer):
    job = Job.objects.create(kind=REPORT_JOB, edition_id=None, created_by=organizer)

    make_report.call(job.pk)

    job.refresh_from_db()
    assert (job.status, job.message) == (Job.Status.FAILED, "此报告所属的届次已不存在。")
