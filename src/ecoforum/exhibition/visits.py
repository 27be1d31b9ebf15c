"""Field visits (实地考察): demonstration sites, bus routes to them, and guests' seats on the routes.

Organizers create and change sites and routes. A guest signs up for a route; a route never takes
more registered guests than its seats: :func:`sign_up` locks the route row (``lock_one``), counts the
registered sign-ups, refuses when full, then inserts, so two guests taking the last seat at once
are served one after the other. The partial unique constraint ``visit_signup_once_per_route``
keeps a person registered once per route even for code that skips this module. A route that has
departed takes no sign-up and no cancellation. :func:`manifest` is the list the guide holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.core.locking import lock_one
from ecoforum.forums.models import Edition
from ecoforum.people.models import Organization, Person

from .enums import SignupStatus
from .models import RouteStop, Site, VisitRoute, VisitSignup

SITE_FIELDS = [
    "slug",
    "name_zh_hans",
    "name_en",
    "demonstrates_zh_hans",
    "demonstrates_en",
    "address",
    "latitude",
    "longitude",
    "map_url",
    "organization_id",
]
ROUTE_FIELDS = [
    "code",
    "name_zh_hans",
    "name_en",
    "departs_at",
    "returns_at",
    "meeting_point_zh_hans",
    "meeting_point_en",
    "capacity",
]


class VisitError(Exception):
    """A change to a site, a route or a sign-up that cannot be made; the message names the item."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


class RouteFull(VisitError):
    """No seat is left on the route."""


def _require_organizer(actor: Any, edition: Edition) -> None:
    """``actor`` None is the system itself (the demo loader, the command line)."""
    if actor is not None and not actor.has_perm("forums.manage_edition", edition):
        raise VisitError(_("Only the edition's organizers may change field visits."))


def _local(value: dt.datetime, edition: Edition) -> str:
    return formats.date_format(timezone.localtime(value, edition.tz), "Y-m-d H:i")


def _has_departed(route: VisitRoute, now: dt.datetime | None = None) -> bool:
    return route.departs_at <= (now or timezone.now())


# --- sites ----------------------------------------------------------------------------------


def _check_site(values: dict[str, Any]) -> None:
    name = values.get("name_zh_hans") or values.get("name_en") or ""
    if not name.strip():
        raise VisitError(_("A demonstration site needs a name."))
    if not (values.get("slug") or "").strip():
        raise VisitError(_("The site %(site)s needs an address (slug).") % {"site": name})
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = values.get(key)
        if value is not None and not -bound <= Decimal(value) <= bound:
            raise VisitError(_("The %(field)s of %(site)s is out of range.") % {"field": key, "site": name})


def create_site(
    edition: Edition,
    *,
    actor: Any,
    slug: str,
    name_zh_hans: str,
    name_en: str = "",
    demonstrates_zh_hans: str = "",
    demonstrates_en: str = "",
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    map_url: str = "",
    organization: Organization | None = None,
    is_demo: bool = False,
) -> Site:
    _require_organizer(actor, edition)
    values = {
        "slug": slug,
        "name_zh_hans": name_zh_hans,
        "name_en": name_en or name_zh_hans,
        "demonstrates_zh_hans": demonstrates_zh_hans,
        "demonstrates_en": demonstrates_en,
        "address": address,
        "latitude": latitude,
        "longitude": longitude,
        "map_url": map_url,
    }
    _check_site(values)
    with transaction.atomic(durable=True):
        if Site.objects.filter(edition=edition, slug=slug).exists():
            raise VisitError(_("A site with the address %(slug)s already exists.") % {"slug": slug})
        site = Site.objects.create(edition=edition, organization=organization, is_demo=is_demo, **values)
        log_action(site, "exhibition.site.created", actor=actor, data=snapshot(site, SITE_FIELDS))
    return site


def change_site(site: Site, *, actor: Any, **changes: Any) -> Site:
    _require_organizer(actor, site.edition)
    unknown = set(changes) - {f.removesuffix("_id") for f in SITE_FIELDS}
    if unknown:
        raise VisitError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic(durable=True):
        site = lock_one(Site, site.pk)
        before = snapshot(site, SITE_FIELDS)
        for name, value in changes.items():
            setattr(site, name, value)
        _check_site({name: getattr(site, name) for name in SITE_FIELDS if not name.endswith("_id")})
        if (
            "slug" in changes
            and Site.objects.filter(edition_id=site.edition_id, slug=site.slug).exclude(pk=site.pk).exists()
        ):
            raise VisitError(_("A site with the address %(slug)s already exists.") % {"slug": site.slug})
        changed = diff(before, snapshot(site, SITE_FIELDS))
        if changed:
            site.save(update_fields=[name.removesuffix("_id") for name in changed])
            log_action(site, "exhibition.site.changed", actor=actor, data=changed)
    return site


# --- routes ---------------------------------------------------------------------------------


def _check_route(edition: Edition, values: dict[str, Any], sites: Sequence[Site] | None) -> None:
    name = values.get("name_zh_hans") or values.get("name_en") or values.get("code") or ""
    if not (values.get("code") or "").strip():
        raise VisitError(_("The route %(route)s needs a code.") % {"route": name})
    departs, returns = values.get("departs_at"), values.get("returns_at")
    if departs is None or returns is None:
        raise VisitError(_("The route %(route)s needs a departure and a return time.") % {"route": name})
    if timezone.is_naive(departs) or timezone.is_naive(returns):
        raise VisitError(_("The route %(route)s: times must carry a time zone.") % {"route": name})
    if returns <= departs:
        raise VisitError(_("The route %(route)s must return after it departs.") % {"route": name})
    capacity = values.get("capacity") or 0
    if capacity < 1 or capacity > 1000:
        raise VisitError(_("The route %(route)s needs between 1 and 1000 seats.") % {"route": name})
    if sites is not None:
        if len({s.pk for s in sites}) != len(sites):
            raise VisitError(_("The route %(route)s stops twice at the same site.") % {"route": name})
        other = next((s for s in sites if s.edition_id != edition.pk), None)
        if other is not None:
            raise VisitError(_("The site %(site)s belongs to another edition.") % {"site": other})


def _set_stops(route: VisitRoute, sites: Sequence[Site]) -> None:
    RouteStop.objects.filter(route=route).delete()
    RouteStop.objects.bulk_create(RouteStop(route=route, site=site, order=i) for i, site in enumerate(sites))


def create_route(
    edition: Edition,
    *,
    actor: Any,
    code: str,
    name_zh_hans: str,
    name_en: str = "",
    departs_at: dt.datetime,
    returns_at: dt.datetime,
    capacity: int,
    meeting_point_zh_hans: str = "",
    meeting_point_en: str = "",
    sites: Sequence[Site] = (),
) -> VisitRoute:
    _require_organizer(actor, edition)
    values = {
        "code": code,
        "name_zh_hans": name_zh_hans,
        "name_en": name_en or name_zh_hans,
        "departs_at": departs_at,
        "returns_at": returns_at,
        "capacity": capacity,
        "meeting_point_zh_hans": meeting_point_zh_hans,
        "meeting_point_en": meeting_point_en or meeting_point_zh_hans,
    }
    sites = list(sites)
    _check_route(edition, values, sites)
    with transaction.atomic(durable=True):
        if VisitRoute.objects.filter(edition=edition, code=code).exists():
            raise VisitError(_("A route with the code %(code)s already exists.") % {"code": code})
        route = VisitRoute.objects.create(edition=edition, **values)
        _set_stops(route, sites)
        log_action(
            route,
            "exhibition.route.created",
            actor=actor,
            data={**snapshot(route, ROUTE_FIELDS), "sites": [s.pk for s in sites]},
        )
    return route


def change_route(route: VisitRoute, *, actor: Any, sites: Sequence[Site] | None = None, **changes: Any) -> VisitRoute:
    """Change a route; its seats never drop below the guests already registered."""
    _require_organizer(actor, route.edition)
    unknown = set(changes) - set(ROUTE_FIELDS)
    if unknown:
        raise VisitError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic(durable=True):
        route = lock_one(VisitRoute, route.pk)
        before = snapshot(route, ROUTE_FIELDS)
        for name, value in changes.items():
            setattr(route, name, value)
        _check_route(route.edition, snapshot(route, ROUTE_FIELDS), list(sites) if sites is not None else None)
        if (
            "code" in changes
            and VisitRoute.objects.filter(edition_id=route.edition_id, code=route.code).exclude(pk=route.pk).exists()
        ):
            raise VisitError(_("A route with the code %(code)s already exists.") % {"code": route.code})
        registered = route.signups.filter(status=SignupStatus.REGISTERED).count()
        if route.capacity < registered:
            raise VisitError(
                _("The route %(route)s has %(count)s guests registered: it cannot have fewer seats.")
                % {"route": route, "count": registered}
            )
        changed: dict[str, Any] = diff(before, snapshot(route, ROUTE_FIELDS))
        if changed:
            route.save(update_fields=list(changed))
        if sites is not None:
            old = list(route.stops.order_by("order").values_list("site_id", flat=True))
            new = [s.pk for s in sites]
            if old != new:
                _set_stops(route, list(sites))
                changed["sites"] = [old, new]
        if changed:
            log_action(route, "exhibition.route.changed", actor=actor, data=changed)
    return route


# --- sign-ups -------------------------------------------------------------------------------


def _may_act_for(actor: Any, person: Person, edition: Edition) -> bool:
    if actor is None:
        return True
    if getattr(actor, "is_authenticated", False) and person.user_id == actor.pk:
        return True
    return bool(actor.has_perm("forums.manage_edition", edition))


def sign_up(route: VisitRoute, *, person: Person, actor: Any) -> VisitSignup:
    """Give ``person`` a seat on ``route``: refused when full, when already registered, or after departure."""
    edition = route.edition
    if not _may_act_for(actor, person, edition):
        raise VisitError(_("You may only sign yourself up for a field visit."))
    with transaction.atomic(durable=True):
        route = lock_one(VisitRoute, route.pk)
        if _has_departed(route):
            raise VisitError(
                _("The route %(route)s departed at %(time)s: it takes no more sign-ups.")
                % {"route": route, "time": _local(route.departs_at, edition)}
            )
        signups = VisitSignup.objects.filter(route=route, status=SignupStatus.REGISTERED)
        if signups.filter(person=person).exists():
            raise VisitError(_("%(person)s is already signed up for %(route)s.") % {"person": person, "route": route})
        if signups.count() >= route.capacity:
            raise RouteFull(
                _("The route %(route)s is full: all %(seats)s seats are taken.")
                % {"route": route, "seats": route.capacity}
            )
        try:
            with transaction.atomic():
                signup = VisitSignup.objects.create(route=route, person=person)
        except IntegrityError as exc:
            raise VisitError(
                _("%(person)s is already signed up for %(route)s.") % {"person": person, "route": route}
            ) from exc
        log_action(
            signup,
            "exhibition.visit.signed_up",
            actor=actor,
            edition_id=edition.pk,
            data={"route": route.code, "person": person.pk},
        )
    return signup


def cancel_signup(signup: VisitSignup, *, actor: Any) -> VisitSignup:
    """Give the seat back. Refused once the route has departed."""
    route = signup.route
    edition = route.edition
    if not _may_act_for(actor, signup.person, edition):
        raise VisitError(_("You may only cancel your own sign-up."))
    with transaction.atomic(durable=True):
        route = lock_one(VisitRoute, route.pk)
        signup = VisitSignup.objects.select_related("person").get(pk=signup.pk)
        if signup.status != SignupStatus.REGISTERED:
            raise VisitError(
                _("%(person)s is not signed up for %(route)s.") % {"person": signup.person, "route": route}
            )
        if _has_departed(route):
            raise VisitError(
                _("The route %(route)s departed at %(time)s: its sign-ups can no longer be cancelled.")
                % {"route": route, "time": _local(route.departs_at, edition)}
            )
        signup.status = SignupStatus.CANCELLED
        signup.save(update_fields=["status"])
        log_action(
            signup,
            "exhibition.visit.cancelled",
            actor=actor,
            edition_id=edition.pk,
            data={"route": route.code, "person": signup.person_id},
        )
    return signup


# --- reads ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ManifestRow:
    number: int
    person: Person
    organization: str
    email: str
    signed_up: dt.datetime


def manifest(route: VisitRoute) -> list[ManifestRow]:
    """The registered guests of ``route`` in sign-up order, with organization and email (one query).

    People have no phone number in the model: the email is the contact.
    """
    signups = (
        VisitSignup.objects.filter(route=route, status=SignupStatus.REGISTERED)
        .select_related("person__organization")
        .order_by("created", "pk")
    )
    return [
        ManifestRow(
            number=i,
            person=s.person,
            organization=s.person.organization.name if s.person.organization else "",
            email=s.person.email,
            signed_up=s.created,
        )
        for i, s in enumerate(signups, start=1)
    ]


def registered_count() -> Count:
    return Count("signups", filter=Q(signups__status=SignupStatus.REGISTERED))


def routes_of(edition: Edition) -> QuerySet[VisitRoute]:
    """The edition's routes by departure, with ``registered`` counted and their stops' sites fetched."""
    return (
        VisitRoute.objects.filter(edition=edition)
        .annotate(registered=registered_count())
        .prefetch_related(Prefetch("stops", queryset=RouteStop.objects.select_related("site").order_by("order")))
        .order_by("departs_at", "code")
    )


def sites_of(edition: Edition) -> QuerySet[Site]:
    return Site.objects.filter(edition=edition).select_related("organization").order_by("name", "pk")


def site_by_slug(edition: Edition, slug: str) -> Site | None:
    return sites_of(edition).filter(slug=slug).first()


def route_by_code(edition: Edition, code: str) -> VisitRoute | None:
    return VisitRoute.objects.filter(edition=edition, code=code).select_related("edition").first()


def registered_route_ids(edition: Edition, person: Person | None) -> set[int]:
    if person is None:
        return set()
    return set(
        VisitSignup.objects.filter(route__edition=edition, person=person, status=SignupStatus.REGISTERED).values_list(
            "route_id", flat=True
        )
    )


def registered_signup(route: VisitRoute, person: Person) -> VisitSignup | None:
    return (
        VisitSignup.objects.filter(route=route, person=person, status=SignupStatus.REGISTERED)
        .select_related("route__edition", "person")
        .first()
    )


def map_link(site: Site) -> str:
    """The site's own map link, or an OpenStreetMap link to its coordinates (a link, never an embedded map)."""
    if site.map_url:
        return site.map_url
    if site.latitude is not None and site.longitude is not None:
        return f"https://www.openstreetmap.org/?mlat={site.latitude}&mlon={site.longitude}#map=14/{site.latitude}/{site.longitude}"
    return ""
