"""The page of a background job: its progress while it runs (polled with htmx), then its file or why it failed.

Only the user who started a job (or a superuser) sees it: a 404 for "missing" and
"not yours" alike.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from . import jobs
from .models import Job


def _job(request, pk: int) -> Job:
    job = jobs.job_for(request.user, pk)
    if job is None:
        raise Http404("No such job")
    return job


@login_required
@require_GET
def job_detail(request, pk: int):
    """The whole page, or (htmx polling) the status panel alone."""
    job = _job(request, pk)
    context = {"job": job, "active": job.status in jobs.ACTIVE}
    template = "core/_job_progress.html" if request.htmx else "core/job.html"
    response = render(request, template, context)
    response["Cache-Control"] = "private, no-store"
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def job_download(request, pk: int):
    job = _job(request, pk)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404("The job has no file")
    try:
        handle = job.file.open("rb")
    except OSError as exc:
        raise Http404("The job's file is gone") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=job.file_name, content_type=jobs.content_type_of(job.file_name)
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
