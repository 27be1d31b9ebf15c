"""Background tasks of green investment (django-tasks, run by ``ecoforum db_worker``; docs/decisions/0004)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ecoforum.core.jobs import JobError, JobOutput, job_task, progress
from ecoforum.core.models import Job
from ecoforum.forums.models import Edition

from . import booklet

#: The job kind of the booklet; its format (``pdf``, ``xlsx``) is in ``parameters["format"]``.
BOOKLET_JOB = "investment.booklet"


@job_task
def make_booklet(job: Job) -> JobOutput:
    """The project index booklet of the job's edition, in ``parameters["format"]`` (pdf or xlsx).

    The language is already that of the page that started the job (:func:`job_task`).
    """
    edition = Edition.objects.filter(pk=job.edition_id).first()
    if edition is None:
        raise JobError(_("The edition of this booklet no longer exists."))
    identifier = job.parameters.get("format", "pdf")
    format_class = booklet.FORMATS.get(identifier)
    if format_class is None:
        raise JobError(_("Unknown booklet format: %(format)s.") % {"format": identifier})

    def report(done: int, total: int, message: str) -> None:
        progress(job.pk, done, total, message)

    data = booklet.build_booklet(edition, progress=report, steps_after=1)
    if not data.count:
        raise JobError(_("%(edition)s has no investment projects yet.") % {"edition": edition.name})
    rendering = _("Rendering PDF…") if identifier == "pdf" else _("Writing the workbook…")
    progress(job.pk, data.count, data.count + 1, rendering)
    output = format_class(data)
    return JobOutput(content=output.render(), file_name=output.file_name)
