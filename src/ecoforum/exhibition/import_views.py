"""The organizers' import of exhibitors from Excel or CSV: upload, preview, confirm.

The same steps as the project import of green investment: the preview checks every row
and changes nothing; the file waits in the default storage under a random name,
remembered in the organizer's session, until it is confirmed; the confirmation checks
it again and applies it in one transaction, or nothing at all.
"""

from __future__ import annotations

import hashlib
import secrets

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.forums.models import Edition
from ecoforum.investment.queries import edition_to_organize

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


def _edition(request: HttpRequest, slug: str) -> Edition:
    edition = edition_to_organize(request.user, slug)
    timezone.activate(edition.tz)
    return edition


def _pending(request: HttpRequest, edition: Edition) -> dict | None:
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("edition") != edition.pk or not default_storage.exists(pending["path"]):
        return None
    return pending


def _forget(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending and default_storage.exists(pending["path"]):
        default_storage.delete(pending["path"])


def _context(edition: Edition, **extra) -> dict:
    return {"edition": edition, "columns": imports.COLUMNS, "form": ExhibitorImportForm(), **extra}


@login_required
@require_http_methods(["GET", "POST"])
def import_exhibitors(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Step 1 and 2: upload a file and see what it would do (or every problem), nothing saved."""
    edition = _edition(request, edition_slug)
    form = ExhibitorImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        preview = imports.preview_exhibitors(edition, data, upload.name)
        _forget(request)
        if preview.ok:
            path = default_storage.save(f"imports/{secrets.token_hex(16)}.bin", ContentFile(data))
            request.session[SESSION_KEY] = {
                "edition": edition.pk,
                "path": path,
                "name": upload.name[:200],
                "sha256": hashlib.sha256(data).hexdigest(),
            }
    pending = _pending(request, edition) if preview is not None and preview.ok else None
    return render(request, TEMPLATE, _context(edition, form=form, preview=preview, pending=pending))


@login_required
@require_http_methods(["POST"])
def confirm_import(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """Step 3: apply the previewed file, checked again, in one transaction; or report why nothing changed."""
    edition = _edition(request, edition_slug)
    pending = _pending(request, edition)
    if pending is None or request.POST.get("sha256") != pending["sha256"]:
        return render(request, TEMPLATE, _context(edition, expired=True), status=409)
    with default_storage.open(pending["path"], "rb") as stored:
        data = stored.read()
    result = imports.import_exhibitors(edition, data, actor=request.user, filename=pending["name"])
    _forget(request)
    return render(request, TEMPLATE, _context(edition, result=result), status=200 if result.ok else 422)


@login_required
@require_GET
def import_template(request: HttpRequest, edition_slug: str) -> HttpResponse:
    """An empty exhibitor list with the header row the import reads and one example row."""
    _edition(request, edition_slug)
    response = HttpResponse(imports.template_workbook(), content_type=imports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="exhibitors-template.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
