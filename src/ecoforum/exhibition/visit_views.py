"""Pages of field visits and product launches.

Public, under ``/<edition>/visits/``: the demonstration sites (what they show, where, a map link)
and the routes (times in the edition's time zone, meeting point, stops, seats left); a logged-in
guest (a user with a :class:`Person`) signs up or cancels on a route. Organizers, under
``/manage/<edition>/exhibition/``: the routes with their counts, each route's manifest (printable,
and as .xlsx), and the launches with a form to schedule one. 404 for an edition the user does not
organize; every refusal of a service comes back as a message naming the item.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import organized_edition
from ecoforum.people.models import Person

from . import launches, visits
from .launches import LaunchError
from .models import Launch, VisitRoute
from .visit_forms import LaunchForm
from .visits import VisitError


def _person(request: HttpRequest) -> Person | None:
    if not request.user.is_authenticated:
        return None
    return Person.objects.filter(user=request.user).first()


def _route(edition: Edition, code: str) -> VisitRoute:
    route = visits.route_by_code(edition, code)
    if route is None:
        raise Http404("No such route")
    return route


def _visits_url(edition: Edition, route: VisitRoute | None = None) -> str:
    url = reverse("exhibition:visits", kwargs={"edition": edition.slug})
    return f"{url}#route-{route.code}" if route is not None else url


# --- public -------------------------------------------------------------------------------


@require_GET
def visits_page(request, edition):
    timezone.activate(edition.tz)
    person = _person(request)
    mine = visits.registered_route_ids(edition, person)
    now = timezone.now()
    routes = [
        {
            "route": route,
            "left": max(route.capacity - route.registered, 0),
            "departed": route.departs_at <= now,
            "mine": route.pk in mine,
        }
        for route in visits.routes_of(edition)
    ]
    sites = [{"site": site, "map": visits.map_link(site)} for site in visits.sites_of(edition)]
    context = {
        "edition": edition,
        "routes": routes,
        "sites": sites,
        "person": person,
    }
    return render(request, "exhibition/visits/visits.html", context)


@require_GET
def site_page(request, edition, slug: str):
    timezone.activate(edition.tz)
    found = visits.site_by_slug(edition, slug)
    if found is None:
        raise Http404("No such site")
    routes = list(visits.routes_of(edition).filter(stops__site=found))
    context = {"edition": edition, "site": found, "map": visits.map_link(found), "routes": routes}
    return render(request, "exhibition/visits/site.html", context)


def _guest(request: HttpRequest, edition: Edition) -> Person | None:
    person = _person(request)
    if person is None:
        messages.error(
            request,
            _("Your account is not linked to a guest of %(edition)s: ask the secretariat.") % {"edition": edition},
        )
    return person


@login_required
@require_POST
def signup(request, edition, code: str):
    route = _route(edition, code)
    person = _guest(request, edition)
    if person is not None:
        try:
            visits.sign_up(route, person=person, actor=request.user)
        except (VisitError, Busy) as exc:
            messages.error(request, str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("You are signed up for %(route)s.") % {"route": route})
    return redirect(_visits_url(edition, route))


@login_required
@require_POST
def cancel(request, edition, code: str):
    route = _route(edition, code)
    person = _guest(request, edition)
    if person is not None:
        signup_row = visits.registered_signup(route, person)
        if signup_row is None:
            messages.error(request, _("You are not signed up for %(route)s.") % {"route": route})
        else:
            try:
                visits.cancel_signup(signup_row, actor=request.user)
            except (VisitError, Busy) as exc:
                messages.error(request, str(getattr(exc, "message", exc)))
            else:
                messages.success(request, _("Your seat on %(route)s is given back.") % {"route": route})
    return redirect(_visits_url(edition, route))


# --- organizers ---------------------------------------------------------------------------


@login_required
@require_GET
def manage_visits(request, edition_slug: str):
    edition = organized_edition(request, edition_slug)
    routes = [
        {"route": route, "left": max(route.capacity - route.registered, 0)} for route in visits.routes_of(edition)
    ]
    context = {"edition": edition, "routes": routes, "sites": list(visits.sites_of(edition))}
    return render(request, "exhibition/visits/manage_visits.html", context)


@login_required
@require_GET
def manifest_page(request, edition_slug: str, code: str):
    edition = organized_edition(request, edition_slug)
    route = _route(edition, code)
    context = {
        "edition": edition,
        "route": route,
        "rows": visits.manifest(route),
        "stops": list(route.stops.select_related("site").order_by("order")),
    }
    return render(request, "exhibition/visits/manifest.html", context)


@login_required
@require_GET
def manifest_xlsx(request, edition_slug: str, code: str):
    from openpyxl import Workbook

    edition = organized_edition(request, edition_slug)
    route = _route(edition, code)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = route.code[:31]
    local = timezone.localtime(route.departs_at, edition.tz)
    sheet.append([str(route), local.strftime("%Y-%m-%d %H:%M"), route.meeting_point])
    sheet.append([_("No."), _("Guest"), _("Organization"), _("Email"), _("Signed up")])
    for row in visits.manifest(route):
        signed = timezone.localtime(row.signed_up, edition.tz).strftime("%Y-%m-%d %H:%M")
        sheet.append([row.number, row.person.name, row.organization, row.email, signed])
    for column, width in zip("ABCDE", (6, 24, 36, 30, 18), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="manifest-{edition.slug}-{route.code}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def manage_launches(request, edition_slug: str):
    edition = organized_edition(request, edition_slug)
    form = LaunchForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            launch = launches.schedule_launch(
                form.cleaned_data["exhibitor"], actor=request.user, **form.launch_fields()
            )
        except (LaunchError, Busy) as exc:
            form.add_error(None, str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("The launch «%(title)s» is on the stage.") % {"title": launch.session.title})
            return redirect(reverse("manage_exhibition:launches", kwargs={"edition_slug": edition.slug}))
    places = launches.draft_places(edition)
    rows = [{"launch": launch, "slot": places.get(launch.session_id)} for launch in launches.launches_of(edition)]
    rows.sort(
        key=lambda r: (r["slot"] is None or r["slot"].start is None, r["slot"] and r["slot"].start, r["launch"].pk)
    )
    return render(request, "exhibition/visits/manage_launches.html", {"edition": edition, "form": form, "rows": rows})


@login_required
@require_POST
def launch_cancel(request, edition_slug: str, pk: int):
    edition = organized_edition(request, edition_slug)
    launch = (
        Launch.objects.filter(pk=pk, session__edition=edition).select_related("session__edition", "exhibitor").first()
    )
    if launch is None:
        raise Http404("No such launch")
    title = launch.session.title
    try:
        launches.cancel_launch(launch, actor=request.user)
    except (LaunchError, Busy) as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    else:
        messages.success(request, _("The launch «%(title)s» was cancelled.") % {"title": title})
    return redirect(reverse("manage_exhibition:launches", kwargs={"edition_slug": edition.slug}))
