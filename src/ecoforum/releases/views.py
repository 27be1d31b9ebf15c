"""Public pages of the releases: an edition's releases, the citation page (with its endorsement form
and signatories), file downloads, the confirmation link, and the library across editions.

What a page or a download shows comes from :mod:`ecoforum.releases.queries` (one visibility rule);
a release the requester may not see is a 404, as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ecoforum.forums.models import Edition

from . import queries, services
from .enums import ENDORSABLE, ReleaseKind
from .exceptions import AlreadySigned, ReleaseError, TooManyAttempts
from .files import CONTENT_TYPE
from .forms import EndorsementForm, LibraryFilterForm
from .models import Release, ReleaseVersion

LIBRARY_PAGE_SIZE = 20
SIGNATORIES_PAGE_SIZE = 50


def _page_number(request: HttpRequest, name: str = "page") -> int:
    try:
        return max(1, int(request.GET.get(name, "1")))
    except ValueError:
        return 1


def citation_url(release: Release) -> str:
    path = reverse("releases:release", kwargs={"edition": release.edition.slug, "slug": release.slug})
    return f"{settings.SITE_URL}{path}"


def _names(items: Iterable, attribute: str = "name") -> list[str]:
    return [str(getattr(item, attribute)) for item in items if getattr(item, attribute)]


def citation_text(release: Release) -> str:
    """A short citation: authors. Title [kind]. Edition, year. URL."""
    authors = _names(link.person for link in release.author_links.all()) or (
        [release.author_text] if release.author_text else _names(release.issuers.all())
    )
    separator = "、" if get_language() == "zh-hans" else ", "
    parts = [
        separator.join(authors),
        f"{release.title} [{release.get_kind_display()}]",
        f"{release.edition.name}, {release.edition.year}",
        citation_url(release),
    ]
    return ". ".join(p for p in parts if p)


def _marked(releases: Iterable[Release]) -> list[Release]:
    """The releases with ``public`` set (organizers see the others marked "not public yet")."""
    out = list(releases)
    for release in out:
        release.public = queries.is_public(release)  # type: ignore[attr-defined]
    return out


def _grouped(releases: list[Release]) -> list[tuple[str, list[Release]]]:
    groups: dict[str, list[Release]] = {}
    for release in releases:
        groups.setdefault(release.kind, []).append(release)
    labels = dict(ReleaseKind.choices)
    return [(str(labels[kind]), groups[kind]) for kind in ReleaseKind.values if kind in groups]


@require_GET
def release_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    """发布成果 · The edition's releases by kind, with the session where each was released."""
    releases = _marked(queries.releases_of(edition, request.user))
    context = {"edition": edition, "groups": _grouped(releases), "count": len(releases)}
    return render(request, "releases/releases.html", context)


def _release_or_404(request: HttpRequest, edition: Edition, slug: str) -> Release:
    release = queries.release_for(request.user, edition, slug)
    if release is None:
        raise Http404("No such release")
    return release


def _release_page(
    request: HttpRequest, edition: Edition, release: Release, *, form: EndorsementForm | None = None, status: int = 200
) -> HttpResponse:
    endorsable = release.kind in ENDORSABLE
    signatories = None
    if endorsable:
        paginator = Paginator(queries.confirmed_signatories(release), SIGNATORIES_PAGE_SIZE)
        signatories = paginator.get_page(_page_number(request, "signatories"))
    context = {
        "edition": edition,
        "release": release,
        "versions": queries.versions_of(release),
        "authors": [link.person for link in release.author_links.all()],
        "issuers": list(release.issuers.all()),
        "topics": list(release.topics.all()),
        "citation_url": citation_url(release),
        "citation": citation_text(release),
        "is_public": queries.is_public(release),
        "endorsable": endorsable,
        "may_endorse": services.may_endorse(release),
        "form": form or EndorsementForm(),
        "signatories": signatories,
        "signatory_count": release.signatory_count,
    }
    return render(request, "releases/release.html", context, status=status)


@require_GET
def release_detail(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    """The citation page: what was released, by whom, where; its versions; how to cite it; its signatories."""
    return _release_page(request, edition, _release_or_404(request, edition, slug))


@require_GET
def download(request: HttpRequest, edition: Edition, slug: str, number: str | None = None) -> FileResponse:
    """The current (or a named) version's PDF, only for someone who may see the release; else 404."""
    version = queries.version_for(request.user, edition, slug, number)
    if version is None or not version.file:
        raise Http404("No such file")
    return _file_response(version)


def _file_response(version: ReleaseVersion) -> FileResponse:
    try:
        handle = version.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("No such file") from error
    response = FileResponse(handle, as_attachment=True, filename=version.file_name, content_type=CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=300" if queries.is_public(version.release) else "private, no-store"
    return response


def client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@require_POST
def endorse(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    """Sign a declaration, an initiative or a consensus: stored unconfirmed, a confirmation mail goes out."""
    release = _release_or_404(request, edition, slug)
    back = reverse("releases:release", kwargs={"edition": edition.slug, "slug": release.slug})
    form = EndorsementForm(request.POST)
    if not form.is_valid():
        return _release_page(request, edition, release, form=form, status=422)
    if form.cleaned_data["website"]:
        # A script filled the honeypot: it is told what a person would be told, and nothing is stored.
        messages.success(request, _("Thank you. Please confirm your signature with the link we sent to your mail."))
        return redirect(f"{back}#endorse")
    data = form.cleaned_data
    try:
        services.sign(
            release,
            name=data["name"],
            email=data["email"],
            kind=data["kind"],
            organization=data["organization"],
            country=data["country"],
            show_publicly=data["show_publicly"],
            language=get_language() or settings.LANGUAGE_CODE,
            client=services.client_key(client_address(request)),
        )
    except TooManyAttempts as error:
        form.add_error(None, str(error.message))
        response = _release_page(request, edition, release, form=form, status=429)
        response["Retry-After"] = str(services.rate_window())
        return response
    except AlreadySigned as error:
        messages.info(request, str(error.message))
        return redirect(f"{back}#endorse")
    except ReleaseError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error.message))
        return _release_page(request, edition, release, form=form, status=422)
    messages.success(request, _("Thank you. Please confirm your signature with the link we sent to your mail."))
    return redirect(f"{back}#endorse")


@require_GET
def confirm(request: HttpRequest, edition: Edition, slug: str, token: str) -> HttpResponse:
    """The link of the confirmation mail: the signature counts from now on (a second visit changes nothing)."""
    release = _release_or_404(request, edition, slug)
    endorsement = services.confirm(release, token)
    if endorsement is None:
        raise Http404("No such signature")
    messages.success(request, _("Thank you: your signature is confirmed."))
    back = reverse("releases:release", kwargs={"edition": edition.slug, "slug": release.slug})
    return redirect(f"{back}#signatories")


@require_GET
def library(request: HttpRequest) -> HttpResponse:
    """理论研究平台 · Everything released, across editions, by kind, year, topic and title."""
    topics = list(queries.topics())
    form = LibraryFilterForm(request.GET, years=queries.library_years(request.user), topics=topics)
    data = form.cleaned_data if form.is_valid() else {}
    found = queries.library(
        request.user,
        kind=data.get("kind") or "",
        year=data.get("year"),
        topic=data.get("topic") or "",
        text=data.get("q") or "",
    )
    page = Paginator(found, LIBRARY_PAGE_SIZE).get_page(_page_number(request))
    selected = {key: value for key, value in data.items() if value not in (None, "")}
    context = {
        "form": form,
        "page": page,
        "releases": _marked(page.object_list),
        "count": page.paginator.count,
        "is_filtered": bool(selected),
        "page_query": urlencode(selected),
    }
    return render(request, "releases/library.html", context)
