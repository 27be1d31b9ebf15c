"""The organizers' release pages under ``/manage/<edition>/releases/``: list, create, edit, add a version,
publish, and the confirmed signatories as CSV.

An edition the user has no part in is a 404; a committee member without ``releases.manage_releases``
gets a 403; a release of another edition is a 404. Every refusal of a service comes back as a message
naming the release, with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.audit import log_action
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import queries, services
from .exceptions import NotAllowed, ReleaseError
from .exports import SignatoriesCsv
from .forms import ReleaseForm, VersionForm
from .models import Release

PERMISSION = "releases.manage_releases"


def _edition(request: HttpRequest, slug: str) -> Edition:
    return committee_edition(request, slug, PERMISSION)


def _release(edition: Edition, pk: int) -> Release:
    release = Release.objects.filter(edition=edition, pk=pk).select_related("edition", "session").first()
    if release is None:
        raise Http404("No such release")
    return release


@require_GET
def release_list(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug)
    releases = list(queries.edition_releases_to_manage(edition))
    now = timezone.now()
    for release in releases:
        release.public = release.is_published and release.released_at <= now  # type: ignore[attr-defined]
    return render(request, "releases/manage/releases.html", {"edition": edition, "releases": releases})


def _initial(release: Release) -> dict:
    return {
        "kind": release.kind,
        "slug": release.slug,
        "title_zh_hans": release.title_zh_hans,
        "title_en": release.title_en,
        "abstract_zh_hans": release.abstract_zh_hans,
        "abstract_en": release.abstract_en,
        "author_text_zh_hans": release.author_text_zh_hans,
        "author_text_en": release.author_text_en,
        "authors": ", ".join(release.author_links.order_by("order", "pk").values_list("person__slug", flat=True)),
        "issuers": "\n".join(o.name_zh_hans or o.name for o in release.issuers.order_by("pk")),
        "topics": list(release.topics.values_list("slug", flat=True)),
        "session": release.session_id,
        "released_at": timezone.localtime(release.released_at, release.edition.tz).replace(tzinfo=None),
        "is_published": release.is_published,
        "endorsements_open": release.endorsements_open,
    }


def _fields(form: ReleaseForm) -> dict:
    data = dict(form.cleaned_data)
    for name in ("authors", "issuers", "topics"):
        data.pop(name, None)
    return data


@require_http_methods(["GET", "POST"])
def release_edit(request: HttpRequest, edition_slug: str, pk: int | None = None) -> HttpResponse:
    """Create a release (``pk`` None) or change one."""
    edition = _edition(request, edition_slug)
    release = _release(edition, pk) if pk is not None else None
    if request.method == "POST":
        form = ReleaseForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                if release is None:
                    release = services.create_release(
                        edition,
                        actor=request.user,
                        fields=_fields(form),
                        authors=form.author_slugs(),
                        issuers=form.issuer_names(),
                        topics=form.cleaned_data["topics"],
                    )
                    messages.success(request, _("«%(title)s» was added.") % {"title": release.title})
                else:
                    services.change_release(
                        release,
                        actor=request.user,
                        fields=_fields(form),
                        authors=form.author_slugs(),
                        issuers=form.issuer_names(),
                        topics=form.cleaned_data["topics"],
                    )
                    messages.success(request, _("«%(title)s» was saved.") % {"title": release.title})
                return redirect("manage_releases:release", edition_slug=edition.slug, pk=release.pk)
            except NotAllowed as error:
                raise PermissionDenied(str(error.message)) from error
            except ReleaseError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
        status = 422
    else:
        initial = _initial(release) if release else {}
        form = ReleaseForm(initial=initial, edition=edition)
        status = 200
    context = {
        "edition": edition,
        "release": release,
        "form": form,
        "version_form": VersionForm(),
        "versions": queries.versions_of(release) if release else [],
        "signatory_count": queries.confirmed_endorsements(release).count() if release else 0,
        "pending_count": release.endorsements.filter(confirmed_at__isnull=True).count() if release else 0,
    }
    return render(request, "releases/manage/release.html", context, status=status)


@require_POST
def add_version(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug)
    release = _release(edition, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = services.add_version(
                release,
                upload=data["file"],
                number=data["number"],
                changelog_zh_hans=data["changelog_zh_hans"],
                changelog_en=data["changelog_en"],
                actor=request.user,
            )
        except NotAllowed as error:
            raise PermissionDenied(str(error.message)) from error
        except ReleaseError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("Version %(number)s of «%(title)s» was added.") % {"number": version.number, "title": release.title},
            )
    else:
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(
            request,
            _("No version was added to «%(title)s»: %(problems)s") % {"title": release.title, "problems": problems},
        )
    return redirect("manage_releases:release", edition_slug=edition.slug, pk=release.pk)


@require_POST
def publish(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug)
    release = _release(edition, pk)
    published = request.POST.get("published") == "1"
    try:
        services.set_published(release, published=published, actor=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except ReleaseError as error:
        messages.error(request, str(error.message))
    else:
        if published:
            messages.success(request, _("«%(title)s» is published.") % {"title": release.title})
        else:
            messages.success(request, _("«%(title)s» is no longer published.") % {"title": release.title})
    return redirect("manage_releases:release", edition_slug=edition.slug, pk=release.pk)


@require_GET
def signatories_csv(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    """The confirmed signatories with their addresses, for the organizers (each download audited)."""
    edition = _edition(request, edition_slug)
    release = _release(edition, pk)
    export = SignatoriesCsv(release)
    content = export.render()
    log_action(
        release,
        "releases.signatories.exported",
        actor=request.user,
        data={"rows": export.row_count, "format": "csv"},
    )
    response = HttpResponse(content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
