"""Background jobs: progress, a finished file, a clean failure, the owner-only page and its download."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse
from django.utils import translation

from ecoforum.core import jobs
from ecoforum.core.models import AuditEntry, Job

from ..factories import UserFactory

CHINESE_NAME = "项目索引.pdf"


@jobs.job_task
def make_file(job: Job) -> jobs.JobOutput:
    jobs.progress(job.pk, 1, 2, "half way")
    return jobs.JobOutput(content=b"%PDF-1.4 fake", file_name=job.parameters.get("name", CHINESE_NAME))


@jobs.job_task
def explode(job: Job) -> jobs.JobOutput:
    raise RuntimeError("database password is hunter2")


@jobs.job_task
def refuse(job: Job) -> jobs.JobOutput:
    raise jobs.JobError("The edition has no projects yet.")


@jobs.job_task
def speak(job: Job) -> jobs.JobOutput:
    return jobs.JobOutput(content=(translation.get_language() or "").encode(), file_name="language.txt")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def user(db):
    return UserFactory()


def content_of(job: Job) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def run(kind: str, task, django_capture_on_commit_callbacks, **kwargs) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(kind, task=task, **kwargs)
    job.refresh_from_db()
    return job


def test_start_job_queued_until_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = jobs.start_job("test.file", task=make_file, user=user, parameters={"title": "A file"})

    job.refresh_from_db()
    assert (job.status, len(callbacks), job.created_by, job.parameters["title"]) == ("queued", 1, user, "A file")
    assert AuditEntry.objects.filter(action="core.job.started", object_id=str(job.pk)).count() == 1


def test_start_job_keeps_active_language(user, django_capture_on_commit_callbacks):
    with translation.override("en"):
        job = run("test.language", speak, django_capture_on_commit_callbacks, user=user)

    assert (job.parameters["language"], content_of(job)) == ("en", b"en")


def test_progress_updates_done_total_and_message(user):
    job = Job.objects.create(kind="test", created_by=user)

    jobs.progress(job.pk, 20, 100, "20 of 100 projects read")
    job.refresh_from_db()

    assert (job.status, job.done, job.total, job.message, job.percent) == (
        "running",
        20,
        100,
        "20 of 100 projects read",
        20,
    )


def test_progress_never_moves_back_nor_past_total(user):
    job = Job.objects.create(kind="test", created_by=user)

    jobs.progress(job.pk, 50, 100)
    jobs.progress(job.pk, 10, 100)
    jobs.progress(job.pk, 500, 100)
    job.refresh_from_db()

    assert (job.done, job.total) == (100, 100)


def test_progress_leaves_finished_job_alone(user):
    job = Job.objects.create(kind="test", created_by=user, status=Job.Status.DONE, done=1, total=1)

    jobs.progress(job.pk, 0, 5, "late")
    job.refresh_from_db()

    assert (job.status, job.total, job.message) == ("done", 1, "")


def test_job_success_stores_file_under_random_name(user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user)

    assert (job.status, job.percent, job.file_name, content_of(job)) == ("done", 100, CHINESE_NAME, b"%PDF-1.4 fake")
    assert job.finished is not None
    assert "项目" not in job.file.name
    assert job.file.name.endswith(".pdf")


def test_job_failure_is_clean_and_logged(user, django_capture_on_commit_callbacks, caplog, english):
    with caplog.at_level(logging.ERROR, logger="ecoforum.core.jobs"):
        job = run("test.explode", explode, django_capture_on_commit_callbacks, user=user)

    assert job.status == "failed"
    assert job.message == "Something went wrong while making the file; the error was logged. Please try again."
    assert "hunter2" not in job.message
    assert job.finished is not None
    assert [record.levelname for record in caplog.records] == ["ERROR"]


def test_job_error_message_reaches_user(user, django_capture_on_commit_callbacks):
    job = run("test.refuse", refuse, django_capture_on_commit_callbacks, user=user)

    assert (job.status, job.message) == ("failed", "The edition has no projects yet.")


def test_job_task_delivered_twice_runs_once(user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user)
    first_name = job.file.name

    make_file.call(job.pk)
    job.refresh_from_db()

    assert job.file.name == first_name


def test_job_page_shows_progress_and_polls(client, user):
    job = Job.objects.create(kind="test", created_by=user, status=Job.Status.RUNNING, done=3, total=4, message="PDF")
    client.force_login(user)

    response = client.get(reverse("job", kwargs={"pk": job.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress class="job-progress" max="100" value="75">' in html
    assert 'hx-trigger="every 1s"' in html
    assert "75%" in html


def test_job_page_partial_for_htmx(client, user):
    job = Job.objects.create(kind="test", created_by=user, status=Job.Status.RUNNING, done=1, total=4)
    client.force_login(user)

    response = client.get(reverse("job", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="job-status"')
    assert "<html" not in html


def test_job_page_done_shows_download_and_stops_polling(client, user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user)
    client.force_login(user)

    html = client.get(reverse("job", kwargs={"pk": job.pk})).content.decode()

    assert reverse("job_download", kwargs={"pk": job.pk}) in html
    assert "hx-trigger" not in html


def test_job_page_failed_shows_message(client, user, django_capture_on_commit_callbacks):
    job = run("test.refuse", refuse, django_capture_on_commit_callbacks, user=user)
    client.force_login(user)

    html = client.get(reverse("job", kwargs={"pk": job.pk})).content.decode()

    assert "The edition has no projects yet." in html
    assert "hx-trigger" not in html


def test_job_page_404_for_someone_else(client, user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user)
    client.force_login(UserFactory())

    page = client.get(reverse("job", kwargs={"pk": job.pk}))
    download = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    missing = client.get(reverse("job", kwargs={"pk": job.pk + 1000}))

    assert (page.status_code, download.status_code, missing.status_code) == (404, 404, 404)


def test_job_page_asks_anonymous_to_log_in(client, user):
    job = Job.objects.create(kind="test", created_by=user)

    response = client.get(reverse("job", kwargs={"pk": job.pk}))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))


def test_job_page_open_to_superuser(client, user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user)
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    response.close()

    assert response.status_code == 200


def test_job_download_headers_with_chinese_name(client, user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user)
    client.force_login(user)

    response = client.get(reverse("job_download", kwargs={"pk": job.pk}))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''%E9%A1%B9%E7%9B%AE%E7%B4%A2%E5%BC%95.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    response.close()
    assert body == b"%PDF-1.4 fake"


def test_job_download_xlsx_content_type(client, user, django_capture_on_commit_callbacks):
    job = run("test.file", make_file, django_capture_on_commit_callbacks, user=user, parameters={"name": "list.xlsx"})
    client.force_login(user)

    response = client.get(reverse("job_download", kwargs={"pk": job.pk}))
    response.close()

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="list.xlsx"'


def test_job_download_404_while_running(client, user):
    job = Job.objects.create(kind="test", created_by=user, status=Job.Status.RUNNING)
    client.force_login(user)

    response = client.get(reverse("job_download", kwargs={"pk": job.pk}))

    assert response.status_code == 404
