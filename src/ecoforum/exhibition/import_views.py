"""The organizers' import of exhibitors from Excel or CSV: upload, preview, confirm.

The same steps as the project import of green investment: the preview checks every row
and changes nothing; the file waits in the default storage under a random name,
remembered in the organizer's session, until it is confirmed; the confirmation checks
it again and applies it in one transaction, or nothing at all.
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

from . import imports

SESSION_KEY = "exhibition.exhibitor_import"
TEMPLATE = "exhibition/manage/import.html"


class ExhibitorImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Exhibitor list (.xlsx or .csv)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,.csv,{imports.XLSX_CONTENT_TYPE},text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("%(name)s is larger than %(size)s MB.")
                % {"name": upload.name, "size": imports.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


def _staged(request: HttpRequest, edition: Edition) -> StagedUpload:
    return StagedUpload(request.session, SESSION_KEY, edition.pk)


def _context(edition: Edition, **extra) -> dict:
    return {"edition": edition, "columns": imports.COLUMNS, "form": ExhibitorImportForm(), **extra}


@login_required
@require_http_methods(["GET", "POST"])
def import_exhibitors(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Step 1 and 2: upload a file and see what it would do (or every problem), nothing saved."""
    edition = organized_edition(request, edition_slug)
    form = ExhibitorImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        preview = imports.preview_exhibitors(edition, data, upload.name)
        staged = _staged(request, edition)
        staged.forget()
        if preview.ok:
            staged.stage(data, upload.name)
    pending = _staged(request, edition).pending() if preview is not None and preview.ok else None
    return render(request, TEMPLATE, _context(edition, form=form, preview=preview, pending=pending))


@login_required
@require_http_methods(["POST"])
def confirm_import(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Step 3: apply the previewed file, checked again, in one transaction; or report why nothing changed."""
    edition = organized_edition(request, edition_slug)
    staged = _staged(request, edition)
    pending = staged.pending(sha256=request.POST.get("sha256", ""))
    if pending is None:
        return render(request, TEMPLATE, _context(edition, expired=True), status=409)
    data = pending.read()
    result = imports.import_exhibitors(edition, data, actor=request.user, filename=pending.name)
    staged.forget()
    return render(request, TEMPLATE, _context(edition, result=result), status=200 if result.ok else 422)


@login_required
@require_GET
def import_template(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """An empty exhibitor list with the header row the import reads and one example row."""
    organized_edition(request, edition_slug)
    response = HttpResponse(imports.template_workbook(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="exhibitors-template.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
