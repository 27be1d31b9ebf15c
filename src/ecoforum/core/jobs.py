"""Background jobs: long work (a booklet, a batch of badges, a report) with its progress and its file.

A page calls :func:`start_job` inside its transaction; the task is enqueued when the
transaction commits (docs/decisions/0004: django-tasks, a database queue, a worker
``ecoforum db_worker``). The task is written with :func:`job_task`: it receives the
:class:`Job`, reports :func:`progress` as it goes and returns a :class:`JobOutput`;
the wrapper stores the file (:func:`finish`) or, when anything goes wrong, marks the
job failed with a clean message (:func:`fail`) and logs the traceback, so a job is
never left running. The job's page (``core/job_views.py``) polls it.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest, Least
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task
from django_tasks.base import Task

from .audit import log_action
from .models import Job

logger = logging.getLogger(__name__)

#: Content types of the files jobs write, by extension; anything else is guessed, then octet-stream.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".zip": "application/zip",
    ".csv": "text/csv; charset=utf-8",
    ".png": "image/png",
    ".ics": "text/calendar; charset=utf-8",
}
ACTIVE = (Job.Status.QUEUED, Job.Status.RUNNING)
MESSAGE_LENGTH = Job._meta.get_field("message").max_length or 300


class JobError(Exception):
    """A job cannot go on; the message (for the person who started it) says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class JobOutput:
    """What a job made: the bytes and the name the download gives them (``项目索引.pdf``)."""

    content: bytes
    file_name: str


def content_type_of(file_name: str) -> str:
    extension = PurePath(file_name).suffix.lower()
    if extension in CONTENT_TYPES:
        return CONTENT_TYPES[extension]
    return mimetypes.guess_type(file_name)[0] or "application/octet-stream"


def _clip(message: str) -> str:
    return message if len(message) <= MESSAGE_LENGTH else message[: MESSAGE_LENGTH - 1] + "…"


# --- starting -------------------------------------------------------------------


def start_job(
    kind: str,
    *,
    edition: Any = None,
    user: Any = None,
    parameters: dict[str, Any] | None = None,
    task: Task,
) -> Job:
    """A queued job of ``kind``; ``task`` (a :func:`job_task`) is enqueued with its id once the transaction commits.

    ``parameters`` must be JSON; the active language is kept in them (``language``) so that
    the task writes in the language of the page that started it.
    """
    parameters = dict(parameters or {})
    parameters.setdefault("language", translation.get_language() or "zh-hans")
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            edition_id=getattr(edition, "pk", None),
            parameters=parameters,
            created_by=user,
        )
        log_action(job, "core.job.started", actor=user, edition_id=job.edition_id, data={"kind": kind})
        job_id = job.pk
        transaction.on_commit(lambda: _enqueue(task, job_id))
    return job


def _enqueue(task: Task, job_id: int) -> None:
    """Hand the job to the queue; a queue that cannot be reached (Redis down) fails the job with a
    message to try again, instead of an error page and a job that waits forever."""
    try:
        task.enqueue(job_id)
    except Exception:
        logger.exception("Job %s could not be queued.", job_id)
        fail(job_id, _("The job could not be queued just now. Please try again in a moment."))


# --- reporting ------------------------------------------------------------------


def progress(job_id: int, done: int, total: int, message: str = "") -> None:
    """``done`` of ``total`` steps: one UPDATE, which never moves a job backwards nor touches a finished one."""
    total = max(int(total), 0)
    done = min(max(int(done), 0), total)
    changes: dict[str, Any] = {
        "status": Job.Status.RUNNING,
        # Both only ever grow: done never goes back, and the larger total keeps done <= total.
        "done": Greatest(F("done"), done),
        "total": Greatest(F("total"), total),
    }
    if message:
        changes["message"] = _clip(message)
    Job.objects.filter(pk=job_id, status__in=ACTIVE).update(**changes)


def finish(job_id: int, *, content: bytes, file_name: str) -> Job:
    """The job is done: its file is stored under a random name, ``file_name`` is what the download calls it."""
    job = Job.objects.get(pk=job_id)
    extension = PurePath(file_name).suffix.lower()
    job.file.save(f"{uuid.uuid4().hex}{extension}", ContentFile(content), save=False)
    job.file_name = file_name[:200]
    job.status = Job.Status.DONE
    job.done = job.total = max(job.total, 1)
    job.message = ""
    job.finished = timezone.now()
    job.save(update_fields=["file", "file_name", "status", "done", "total", "message", "finished"])
    return job


def fail(job_id: int, message: str) -> None:
    """The job stopped; ``message`` says why to whoever started it. A finished job stays as it is."""
    Job.objects.filter(pk=job_id, status__in=ACTIVE).update(
        status=Job.Status.FAILED,
        message=_clip(message),
        finished=timezone.now(),
        done=Least(F("done"), F("total")),
    )


# --- the task wrapper -----------------------------------------------------------


def job_task(function: Callable[[Job], JobOutput]) -> Task:
    """A django-tasks task that runs ``function(job)`` for the job id it is given.

    The job is marked running, the language of the page that started it is active,
    and the output is stored with :func:`finish`. A :class:`JobError` fails the job with
    its message; any other exception fails it with a general message and is logged.
    A job that is missing or no longer queued is left alone (a task delivered twice).
    """

    @functools.wraps(function)
    def run(job_id: int) -> None:
        started = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING)
        if not started:
            logger.warning("Job %s is missing or not queued; not running it again.", job_id)
            return
        job = Job.objects.get(pk=job_id)
        with translation.override(job.parameters.get("language") or "zh-hans"):
            try:
                output = function(job)
            except JobError as exc:
                fail(job_id, exc.message)
                return
            except Exception:
                logger.exception("Job %s (%s) failed.", job_id, job.kind)
                fail(job_id, _("Something went wrong while making the file; the error was logged. Please try again."))
                return
            try:
                finish(job_id, content=output.content, file_name=output.file_name)
            except Exception:
                logger.exception("Job %s (%s) could not store its file.", job_id, job.kind)
                fail(job_id, _("The file could not be stored; the error was logged. Please try again."))

    return task(run)


# --- reading --------------------------------------------------------------------


def job_for(user: Any, pk: int) -> Job | None:
    """The job if ``user`` started it (or is a superuser); ``None`` for "missing" and "not yours" alike."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    jobs = Job.objects.filter(pk=pk)
    if not user.is_superuser:
        jobs = jobs.filter(created_by=user)
    return jobs.first()
