"""Background tasks of the evaluation (django-tasks, run by ``ecoforum db_worker``; docs/decisions/0004)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ecoforum.core.jobs import JobError, JobOutput, job_task, progress
from ecoforum.core.models import Job
from ecoforum.forums.models import Edition

from . import report

#: The job kind of the evaluation report (a PDF in the language of the page that started it).
REPORT_JOB = "evaluation.report"


@job_task
def make_report(job: Job) -> JobOutput:
    """The evaluation report of the job's edition as a PDF; progress after each part, then the rendering.

    The language is already that of the page that started the job (:func:`job_task`).
    """
    edition = Edition.objects.select_related("forum").filter(pk=job.edition_id).first() if job.edition_id else None
    if edition is None:
        raise JobError(_("The edition of this report no longer exists."))

    def report_progress(done: int, total: int, message: str) -> None:
        progress(job.pk, done, total, message)

    data = report.build_report(edition, progress=report_progress, steps_after=1)
    progress(job.pk, report.STEPS, report.STEPS + 1, _("Rendering PDF…"))
    output = report.ReportPdf(data)
    return JobOutput(content=output.render(), file_name=output.file_name)
