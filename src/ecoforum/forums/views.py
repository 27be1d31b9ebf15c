from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from .models import Edition
from .queries import charter_versions, edition_to_organize, public_editions


def index(request):
    """The site's front door: the newest public edition."""
    edition = public_editions().order_by("-start_date").first()
    if edition is None:
        return render(request, "forums/no_edition.html", status=200)
    return redirect("program:home", edition=edition.slug)


@require_GET
def charter(request, edition, number: int | None = None):
    """章程 · The forum's charter: the current version (or an earlier one) and its history."""
    versions = list(charter_versions(edition.forum))
    current = versions[0] if versions else None
    shown = current
    if number is not None:
        shown = next((v for v in versions if v.number == number), None)
        if shown is None:
            raise Http404("No such charter version")
    context = {"edition": edition, "versions": versions, "current": current, "shown": shown}
    return render(request, "forums/charter.html", context)


def organized_edition(request: HttpRequest, slug: str) -> Edition:
    """For a back-office page under ``/manage/<slug>/``: the edition if ``request.user`` organizes it (else 404),
    with its time zone active for the response (the EditionMiddleware deactivates it afterwards)."""
    edition = edition_to_organize(request.user, slug)
    timezone.activate(edition.tz)
    return edition


def committee_edition(request: HttpRequest, slug: str, *permissions: str) -> Edition:
    """For a back-office page under ``/manage/<slug>/`` that committee members use by permission.

    404 for a missing edition and for users outside its committee alike (nothing tells an outsider
    that the edition exists); 403 for a committee member without every one of ``permissions``
    (checked with the edition as the object). The edition's time zone is active for the response.
    """
    edition = Edition.objects.select_related("forum").filter(slug=slug).first()
    user = request.user
    if edition is None or not user.is_authenticated or not user.has_perm("forums.view_backoffice", edition):
        raise Http404("No such edition")
    if not all(user.has_perm(permission, edition) for permission in permissions if permission):
        raise PermissionDenied
    timezone.activate(edition.tz)
    return edition
