"""Documents of green investment: the project index booklet, project files and the project import.

Public: a project's files under ``/<edition>/projects/<id>/files/<file id>/`` (public
files for everyone, the others for organizers) and the latest booklet PDF under
``/<edition>/projects/booklet.pdf``. Organizers (``forums.manage_edition``; a 404 for
everyone else, as for a missing edition) work under ``/manage/<edition>/investment/``:
the overview, the booklet made in the background (``core.jobs``) and a project's files.
The import of the project index from Excel is in ``import_views``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core import jobs
from ecoforum.core.models import Job
from ecoforum.core.money import Money
from ecoforum.forums.models import Edition
from ecoforum.forums.views import organized_edition

from . import attachments, queries
from .booklet import FORMATS
from .document_forms import AttachmentForm
from .exceptions import InvestmentError
from .models import InvestmentProject, ProjectAttachment
from .tasks import BOOKLET_JOB, make_booklet


def _file_response(handle, *, content_type: str, filename: str, inline: bool, public: bool) -> FileResponse:
    """The file with its checked type: ``inline`` for pictures and PDF, ``attachment`` otherwise (RFC 5987 names)."""
    response = FileResponse(handle, as_attachment=not inline, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    return response


# --- public -------------------------------------------------------------------------


@require_GET
def attachment_download(request, edition, pk: int, attachment_pk: int):
    project = queries.project_of(edition, pk)
    if project is None:
        raise Http404("No such project")
    attachment = attachments.attachment_of(request.user, project, attachment_pk)
    if attachment is None:
        raise Http404("No such file")
    file_type = attachments.TYPES.get(attachment.content_type)
    if file_type is None:
        raise Http404("No such file")
    try:
        handle = attachment.file.open("rb")
    except OSError as exc:
        raise Http404("The file is gone") from exc
    filename = attachment.original_name or f"{attachment.title}{file_type.extension}"
    return _file_response(
        handle,
        content_type=file_type.content_type,
        filename=filename,
        inline=file_type.inline,
        public=attachment.is_public,
    )


@require_GET
def booklet_pdf(request, edition):
    job = queries.latest_booklet(edition, get_language())
    if job is None or not job.file:
        raise Http404("No booklet yet")
    try:
        handle = job.file.open("rb")
    except OSError as exc:
        raise Http404("The booklet is gone") from exc
    return _file_response(
        handle, content_type="application/pdf", filename=job.file_name, inline=True, public=edition.is_public
    )


# --- organizers ---------------------------------------------------------------------


def _project(edition: Edition, pk: int) -> InvestmentProject:
    project = queries.project_of(edition, pk)
    if project is None:
        raise Http404("No such project")
    return project


def _overview_url(edition: Edition) -> str:
    return reverse("manage_investment:overview", kwargs={"edition_slug": edition.slug})


@login_required
@require_GET
def overview(request, edition_slug: str):
    """What the edition's investment holds, the booklet and the import."""
    edition = organized_edition(request, edition_slug)
    projects = queries.projects_of(edition).annotate(file_count=Count("attachments"))
    count, amount = queries.project_totals(queries.projects_of(edition))
    booklets = Job.objects.filter(kind=BOOKLET_JOB, edition_id=edition.pk, created_by=request.user).order_by(
        "-created"
    )[:5]
    context = {
        "edition": edition,
        "projects": list(projects),
        "count": count,
        "total": Money(amount).format(),
        "booklets": list(booklets),
        "public_booklet": queries.latest_booklet(edition),
    }
    return render(request, "investment/manage/index.html", context)


@login_required
@require_POST
def booklet(request, edition_slug: str, file_format: str):
    """Start making the booklet in ``format`` (``pdf``, ``xlsx``) and go to the job's page."""
    edition = organized_edition(request, edition_slug)
    if file_format not in FORMATS:
        raise Http404("No such format")
    title = _("Project index booklet (%(format)s)") % {"format": file_format.upper()}
    job = jobs.start_job(
        BOOKLET_JOB,
        edition=edition,
        user=request.user,
        parameters={"format": file_format, "title": title, "back": _overview_url(edition)},
        task=make_booklet,
    )
    return redirect("job", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project(request, edition_slug: str, pk: int):
    """A project in the back office: its files, and the form that adds one."""
    edition = organized_edition(request, edition_slug)
    project = _project(edition, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attachment = attachments.add_attachment(
                project,
                upload=data["file"],
                title_zh_hans=data["title_zh_hans"],
                title_en=data["title_en"],
                kind=data["kind"],
                is_public=data["is_public"],
                actor=request.user,
            )
        except (InvestmentError, PermissionDenied) as exc:
            form.add_error("file", str(getattr(exc, "message", exc)))
        else:
            messages.success(
                request, _("«%(title)s» was added to %(code)s.") % {"title": attachment.title, "code": project.code}
            )
            return redirect("manage_investment:project", edition_slug=edition.slug, pk=project.pk)
    context = {
        "edition": edition,
        "project": project,
        "amount": project.money.format(),
        "files": list(ProjectAttachment.objects.filter(project=project).select_related("uploaded_by")),
        "form": form,
    }
    return render(request, "investment/manage/project.html", context)


@login_required
@require_POST
def attachment_remove(request, edition_slug: str, pk: int, attachment_pk: int):
    edition = organized_edition(request, edition_slug)
    project = _project(edition, pk)
    attachment = ProjectAttachment.objects.filter(project=project, pk=attachment_pk).first()
    if attachment is None:
        raise Http404("No such file")
    title = attachment.title
    try:
        attachments.remove_attachment(attachment, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("«%(title)s» was removed from %(code)s.") % {"title": title, "code": project.code})
    return redirect("manage_investment:project", edition_slug=edition.slug, pk=project.pk)
