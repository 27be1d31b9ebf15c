"""What an organizer clicks to get the evaluation report: open the report page, make the PDF, watch the job finish,
download it; the PDF has pages and renders. Screenshots land in ``var/screenshots/evaluation-report-*.png``."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pypdfium2
import pytest
from django.urls import reverse

from ecoforum.core.models import Job
from ecoforum.evaluation.tasks import REPORT_JOB
from ecoforum.forums.enums import CommitteeRole

from ..evaluation.kpi_factories import build_edition
from ..factories import CommitteeMemberFactory, EditionFactory, UserFactory
from ..outcomes.factories import OutcomeFactory, StageFactory

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"),
]

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect


@pytest.fixture
def evaluated(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    edition = EditionFactory(year=2023)
    organizer = UserFactory(username="organizer")
    CommitteeMemberFactory(edition=edition, user=organizer, role=CommitteeRole.ORGANIZER)
    build_edition(edition, 2)
    late = OutcomeFactory(edition=edition, code="CG-2023-900", title_zh_hans="石漠化治理示范区建设")
    StageFactory(outcome=late, planned_on=dt.date(2024, 6, 30), title_zh_hans="示范区验收")
    return edition


def test_organizer_makes_and_downloads_the_evaluation_report(chromium, live_server, evaluated, tmp_path):
    target = reverse("manage_evaluation:report", kwargs={"edition_slug": evaluated.slug})
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(60_000)  # the PDF is drawn while the job runs (immediate backend in tests)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server.url}{reverse('login')}?next={target}")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile(re.escape(target)))

    page.select_option("select[name=language]", "zh-hans")
    page.click("#report-form button[type=submit]")
    page.wait_for_url(re.compile(r"\?job=\d+"))
    status = page.locator("#job-status")
    expect(status).to_have_class(re.compile(r"job-done"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "evaluation-report-page.png"), full_page=True)
    with page.expect_download() as download_info:
        status.locator("a[download]").click()
    download = download_info.value
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    data = path.read_bytes()
    job = Job.objects.get(kind=REPORT_JOB)
    assert download.suggested_filename == "2023年生态文明贵阳国际论坛评估报告.pdf"
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 5, 5)
    assert data[:5] == b"%PDF-"
    pdf = pypdfium2.PdfDocument(data)
    try:
        pages = len(pdf)
        cover = pdf[0].render(scale=1).to_pil().convert("RGB")
        overdue_text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(pages))
    finally:
        pdf.close()
    cover.save(SCREENSHOTS / "evaluation-report-download-cover.png")
    assert pages >= 6
    assert len(cover.getcolors(maxcolors=100_000)) > 50  # drawn, not blank
    assert "石漠化治理示范区建设" in overdue_text
    assert errors == []
    context.close()
