"""The evaluation report's page in the back office: ``/manage/<edition>/evaluation/report/``.

Committee members who may read the evaluation (``evaluation.view_evaluation``; a 404 for anyone
outside the committee, a 403 for a member without it) start the report in the language they
choose (a POST); it is made in the background (``core.jobs``, :data:`~.tasks.REPORT_JOB`) and the
page shows its progress with the shared job panel (polled with htmx), then the download. Their
earlier reports of the edition are listed with their downloads.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ecoforum.core import jobs
from ecoforum.core.models import Job
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from .tasks import REPORT_JOB, make_report

#: How many of the user's earlier reports the page lists.
EARLIER = 10


class ReportForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the report"),
        choices=settings.LANGUAGES,
        error_messages={"invalid_choice": gettext_lazy("Choose Chinese or English for the report.")},
    )


def report_url(edition: Edition) -> str:
    return reverse("manage_evaluation:report", kwargs={"edition_slug": edition.slug})


def _current_job(request, edition: Edition) -> Job | None:
    """The report job named by ``?job=``, if it is the user's and of this edition; else none (never an error)."""
    raw = request.GET.get("job", "")
    if not raw.isdigit():
        return None
    job = jobs.job_for(request.user, int(raw))
    if job is None or job.kind != REPORT_JOB or job.edition_id != edition.pk:
        return None
    return job


@login_required
@require_http_methods(["GET", "POST"])
def report_page(request, edition_slug: str):
    """The page: start a report (POST), follow the one just started, download earlier ones."""
    edition = committee_edition(request, edition_slug, "evaluation.view_evaluation")
    language = get_language() or "zh-hans"
    form = ReportForm(request.POST or None, initial={"language": "en" if language.startswith("en") else "zh-hans"})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["language"]
        job = jobs.start_job(
            REPORT_JOB,
            edition=edition,
            user=request.user,
            parameters={
                "language": chosen,
                "title": _("Evaluation report of %(edition)s (%(language)s)")
                % {"edition": edition.name, "language": dict(settings.LANGUAGES)[chosen]},
                "back": report_url(edition),
            },
            task=make_report,
        )
        return redirect(f"{report_url(edition)}?job={job.pk}")
    current = _current_job(request, edition)
    earlier = Job.objects.filter(kind=REPORT_JOB, edition_id=edition.pk, created_by=request.user).order_by(
        "-created", "-pk"
    )
    if current is not None:
        earlier = earlier.exclude(pk=current.pk)
    context = {
        "edition": edition,
        "menu": "report",
        "form": form,
        "job": current,
        "active": current is not None and current.status in jobs.ACTIVE,
        "earlier": list(earlier[:EARLIER]),
        "languages": dict(settings.LANGUAGES),
    }
    status = 422 if request.method == "POST" else 200
    response = render(request, "evaluation/report/page.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
