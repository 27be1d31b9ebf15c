"""The organizers' import of the project index from Excel: upload, preview, confirm.

The preview checks every row against the database and changes nothing. The file
waits in the default storage under a random name, remembered in the organizer's
session, until it is confirmed; the confirmation checks it again (the database may
have changed meanwhile) and applies it in one transaction, or nothing at all.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.core.staging import StagedUpload
from ecoforum.forums.models import Edition
from ecoforum.forums.views import organized_edition

from . import spreadsheets

#: The largest workbook an organizer may upload.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "investment.project_import"


class ProjectImportForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{XLSX}"}),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(size)s MB.")
                % {"name": upload.name, "size": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def _staged(request: HttpRequest, edition: Edition) -> StagedUpload:
    return StagedUpload(request.session, SESSION_KEY, edition.pk)


@login_required
@require_http_methods(["GET", "POST"])
def import_projects(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Step 1 and 2: upload a workbook and see what it would do (or every problem), nothing saved."""
    edition = organized_edition(request, edition_slug)
    form = ProjectImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        data = upload.read()
        preview = spreadsheets.preview_projects(edition, data)
        staged = _staged(request, edition)
        staged.forget()
        if preview.ok:
            staged.stage(data, upload.name)
    context = {
        "edition": edition,
        "form": form,
        "preview": preview,
        "pending": _staged(request, edition).pending() if preview is not None and preview.ok else None,
        "columns": spreadsheets.COLUMNS,
    }
    return render(request, "investment/manage/import.html", context)


@login_required
@require_http_methods(["POST"])
def confirm_import(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Step 3: apply the previewed workbook, checked again, in one transaction; or report why nothing changed."""
    edition = organized_edition(request, edition_slug)
    staged = _staged(request, edition)
    pending = staged.pending(sha256=request.POST.get("sha256", ""))
    if pending is None:
        context = {"edition": edition, "form": ProjectImportForm(), "expired": True, "columns": spreadsheets.COLUMNS}
        return render(request, "investment/manage/import.html", context, status=409)
    data = pending.read()
    result = spreadsheets.import_projects(edition, data, actor=request.user, filename=pending.name)
    staged.forget()
    context = {"edition": edition, "form": ProjectImportForm(), "result": result, "columns": spreadsheets.COLUMNS}
    return render(request, "investment/manage/import.html", context, status=200 if result.ok else 422)


@login_required
@require_GET
def import_template(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """An empty project list with the header row the import reads and one example row."""
    organized_edition(request, edition_slug)
    response = HttpResponse(spreadsheets.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="projects-template.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
