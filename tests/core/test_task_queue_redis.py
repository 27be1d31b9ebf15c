"""The task queue on Redis (django-tasks-rq, docs/decisions/0019): which queue each kind of host gets, and a
real ecoforum job (the project index booklet) that goes through Redis and is run by an RQ worker, with its
progress and its file in our own Job row, exactly as with the database queue."""

from __future__ import annotations

import importlib.util
import io
import logging
import os
import signal
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ecoforum.core import jobs
from ecoforum.core.models import Job
from ecoforum.investment.tasks import BOOKLET_JOB, make_booklet

from ..investment.factories import InvestmentProjectFactory

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "src" / "ecoforum" / "settings.py"
#: Redis of the test run (CI sets REDIS_URL); each test works on a queue of its own in it.
TEST_REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def settings_with(monkeypatch, tmp_path, **env: str):
    """The settings module as a host with this environment reads it (a fresh copy, never Django's own)."""
    for name in ("REDIS_URL", "TASKS_REDIS_URL", "TASKS_BACKEND", "DATABASE_URL", "DATABASE_REPLICA_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ECOFORUM_TESTING", "0")
    monkeypatch.setenv("ECOFORUM_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "not-a-secret-only-a-test")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("ecoforum_settings_probe", SETTINGS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def queue_of(module) -> tuple[str, str | None, bool]:
    queues = getattr(module, "RQ_QUEUES", {})
    return (
        module.TASKS["default"]["BACKEND"],
        queues["default"]["URL"] if queues else None,
        "django_rq" in module.INSTALLED_APPS,
    )


def test_settings_without_redis_keep_the_database_queue(monkeypatch, tmp_path):
    module = settings_with(monkeypatch, tmp_path)

    assert queue_of(module) == ("django_tasks_db.DatabaseBackend", None, False)


def test_settings_with_redis_put_the_queue_in_redis(monkeypatch, tmp_path):
    module = settings_with(monkeypatch, tmp_path, REDIS_URL="redis://cache.internal:6379/0")

    assert queue_of(module) == ("django_tasks_rq.RQBackend", "redis://cache.internal:6379/0", True)
    assert (module.RQ["JOB_CLASS"], module.RQ_SHOW_ADMIN_LINK) == ("django_tasks_rq.Job", False)


def test_settings_with_a_redis_for_the_queue_use_it(monkeypatch, tmp_path):
    module = settings_with(
        monkeypatch,
        tmp_path,
        REDIS_URL="redis://cache.internal:6379/0",
        TASKS_REDIS_URL="redis://queue.internal:6379/0",
    )

    assert queue_of(module) == ("django_tasks_rq.RQBackend", "redis://queue.internal:6379/0", True)


def test_settings_tasks_backend_overrides_redis(monkeypatch, tmp_path):
    module = settings_with(
        monkeypatch,
        tmp_path,
        REDIS_URL="redis://cache.internal:6379/0",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
    )

    assert queue_of(module) == ("django_tasks_db.DatabaseBackend", "redis://cache.internal:6379/0", False)


def test_settings_in_tests_run_tasks_at_once_even_with_redis(monkeypatch, tmp_path):
    module = settings_with(monkeypatch, tmp_path, REDIS_URL="redis://cache.internal:6379/0", ECOFORUM_TESTING="1")

    assert queue_of(module)[::2] == ("django_tasks.backends.immediate.ImmediateBackend", False)


# --- a real job through Redis ---------------------------------------------------------------------


@pytest.fixture
def rq_queue(settings):
    """A queue of this test's own in the test run's Redis, and an RQ backend (``rq``) on it beside the tests'
    immediate one (every other task of the test still runs at once); skipped without Redis."""
    from redis import Redis
    from redis.exceptions import RedisError

    connection = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=1)
    try:
        connection.ping()
    except RedisError as exc:
        pytest.skip(f"Redis is not reachable at {TEST_REDIS_URL}: {exc}")
    name = f"ecoforum-test-{uuid.uuid4().hex[:12]}"
    settings.RQ_QUEUES = {name: {"URL": TEST_REDIS_URL, "DEFAULT_TIMEOUT": 120}}
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job"}
    settings.TASKS = {**settings.TASKS, "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [name]}}
    try:
        yield name
    finally:
        import django_rq

        queue = django_rq.get_queue(name)
        registries = (queue.finished_job_registry, queue.failed_job_registry, queue.started_job_registry)
        job_ids = [*queue.job_ids, *(job_id for registry in registries for job_id in registry.get_job_ids())]
        keys = [*connection.scan_iter(f"rq:*{name}*"), *connection.scan_iter("rq:worker:ecoforum-test-worker-*")]
        keys += [key for job_id in job_ids for key in (f"rq:job:{job_id}", f"rq:results:{job_id}")]
        if keys:
            connection.delete(*keys)
        connection.srem("rq:queues", f"rq:queue:{name}")
        connection.close()


def work_off(queue_name: str) -> None:
    """Run an RQ worker until the queue is empty, in this process and thread (no fork), so that it reads
    the test's database through the test's own connection; the job was enqueued when the test's
    transaction "committed", as in production. The signal handlers RQ installs are put back afterwards."""
    import django_rq
    from django_tasks_rq import Job as TaskJob
    from rq.worker import SimpleWorker

    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGALRM)}
    worker = django_rq.get_worker(
        queue_name, job_class=TaskJob, worker_class=SimpleWorker, name=f"ecoforum-test-worker-{uuid.uuid4().hex[:8]}"
    )
    try:
        worker.work(burst=True, logging_level="WARNING")
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_booklet_job_goes_through_redis_and_an_rq_worker(
    rq_queue, edition, organizer, django_capture_on_commit_callbacks
):
    import django_rq

    for code in ("GZ-001", "GZ-002", "GZ-003"):
        InvestmentProjectFactory(edition=edition, code=code)
    queue = django_rq.get_queue(rq_queue)

    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(
            BOOKLET_JOB,
            edition=edition,
            user=organizer,
            parameters={"format": "xlsx"},
            task=make_booklet.using(backend="rq", queue_name=rq_queue),
        )
    job.refresh_from_db()
    waiting = (job.status, queue.count)
    work_off(rq_queue)
    job.refresh_from_db()

    assert waiting == ("queued", 1)  # in Redis, not run yet
    assert (queue.count, queue.finished_job_registry.count, queue.failed_job_registry.count) == (0, 1, 0)
    assert (job.status, job.done, job.total, job.message) == ("done", 4, 4, "")
    assert job.file_name.endswith(".xlsx")
    with job.file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    codes = {cell for row in sheet.iter_rows(values_only=True) for cell in row if isinstance(cell, str)}
    assert {"GZ-001", "GZ-002", "GZ-003"} <= codes


def test_refused_job_through_redis_fails_with_its_message(
    rq_queue, edition, organizer, english, django_capture_on_commit_callbacks
):
    import django_rq

    queue = django_rq.get_queue(rq_queue)
    with django_capture_on_commit_callbacks(execute=True):
        job = jobs.start_job(
            BOOKLET_JOB,
            edition=edition,
            user=organizer,
            parameters={"format": "xlsx"},
            task=make_booklet.using(backend="rq", queue_name=rq_queue),
        )

    work_off(rq_queue)
    job.refresh_from_db()

    # The task itself ended cleanly: the refusal is the job's, not the queue's.
    assert (queue.count, queue.finished_job_registry.count, queue.failed_job_registry.count) == (0, 1, 0)
    assert (job.status, job.message, bool(job.file)) == (
        "failed",
        f"{edition.name_en} has no investment projects yet.",
        False,
    )
    assert Job.objects.count() == 1


def test_job_fails_with_a_message_when_the_queue_is_unreachable(
    settings, edition, organizer, english, django_capture_on_commit_callbacks, caplog
):
    settings.RQ_QUEUES = {"down": {"URL": "redis://127.0.0.1:1/0", "DEFAULT_TIMEOUT": 60}}
    settings.TASKS = {**settings.TASKS, "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["down"]}}

    with (
        caplog.at_level(logging.ERROR, logger="ecoforum.core.jobs"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        job = jobs.start_job(
            BOOKLET_JOB,
            edition=edition,
            user=organizer,
            parameters={"format": "xlsx"},
            task=make_booklet.using(backend="rq", queue_name="down"),
        )
    job.refresh_from_db()

    assert (job.status, job.message) == (
        "failed",
        "The job could not be queued just now. Please try again in a moment.",
    )
    assert [record.getMessage() for record in caplog.records] == [f"Job {job.pk} could not be queued."]
