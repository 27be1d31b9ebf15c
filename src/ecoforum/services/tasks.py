"""Background tasks of the guest services (django-tasks, run by ``ecoforum db_worker``; docs/decisions/0004)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ecoforum.core.jobs import JobError, JobOutput, job_task, progress
from ecoforum.core.models import Job
from ecoforum.forums.models import Edition

from . import badges

#: The job kind of a batch of badges; ``parameters``: ``categories`` (ids), ``layout``, ``approved_since``.
BADGES_JOB = "services.badges"


@job_task
def make_badges(job: Job) -> JobOutput:
    """The badges of the job's edition for the chosen categories, as one PDF (A6 pages or A4 sheets)."""
    edition = Edition.objects.filter(pk=job.edition_id).first() if job.edition_id else None
    if edition is None:
        raise JobError(_("The edition of these badges no longer exists."))
    layout = job.parameters.get("layout", "a6")
    if layout not in badges.LAYOUTS:
        raise JobError(_("Unknown badge layout: %(layout)s.") % {"layout": layout})
    since_text = job.parameters.get("approved_since") or ""
    since = dt.datetime.fromisoformat(since_text) if since_text else None
    registrations = list(
        badges.badge_registrations(edition, category_ids=job.parameters.get("categories"), approved_since=since)
    )
    if not registrations:
        raise JobError(_("No approved on-site guest in the chosen categories: there is no badge to print."))
    count = len(registrations)

    def laid_out(done: int, total: int, message: str) -> None:
        progress(job.pk, done, 2 * count, message)

    def rendered(done: int, total: int, message: str) -> None:
        progress(job.pk, count + done, 2 * count, message)

    content = badges.render_pdf(badges.build_badges(registrations, progress=laid_out), layout=layout, progress=rendered)
    name = _("%(edition)s badges (%(count)s)") % {"edition": edition.name, "count": count}
    return JobOutput(content=content, file_name=f"{name}.pdf")
