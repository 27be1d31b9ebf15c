"""The exhibitor portal under ``/<edition>/exhibitor/``.

Every page needs a login. Each exhibitor is reached through
:func:`exhibitors.exhibitor_for`, and each of its products, staff and applications
through the exhibitor: something missing or someone else's gives the same 404.
Booth staff see everything and change nothing (403); managers and the edition's
organizers edit. Writes call the services of ``exhibitors`` and ``applications``; a
refusal becomes a message naming the item, never a 500. A user without an exhibitor
gets a page saying whom to ask.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition

from . import applications, exhibitors
from .applications import ApplicationError
from .enums import ApplicationStatus
from .exhibitors import ExhibitorError
from .models import BoothApplication, Exhibitor, ExhibitorStaff, Product
from .portal_forms import ApplyForm, ProductForm, ProfileForm, StaffForm

DOMAIN_ERRORS = (ExhibitorError, ApplicationError, PermissionDenied, Busy)
BADGES = {
    ApplicationStatus.SUBMITTED: "badge-amber",
    ApplicationStatus.WAITLISTED: "badge-amber",
    ApplicationStatus.RESERVED: "badge-green",
    ApplicationStatus.CONFIRMED: "badge-green",
    ApplicationStatus.DECLINED: "badge-quiet",
    ApplicationStatus.WITHDRAWN: "badge-quiet",
}
WITHDRAWABLE = applications.OPEN


def _exhibitor(request: HttpRequest, edition: Edition, pk: int) -> Exhibitor:
    exhibitor = exhibitors.exhibitor_for(request.user, edition, pk)
    if exhibitor is None:
        raise Http404("No such exhibitor")
    return exhibitor


def _editable(request: HttpRequest, edition: Edition, pk: int, perm: str = "exhibition.change_exhibitor") -> Exhibitor:
    exhibitor = _exhibitor(request, edition, pk)
    if not request.user.has_perm(perm, exhibitor):
        raise PermissionDenied(_("Only the managers of %(exhibitor)s may change it.") % {"exhibitor": exhibitor})
    return exhibitor


def _home(exhibitor: Exhibitor, anchor: str = "") -> str:
    url = reverse("exhibition:portal_exhibitor", kwargs={"edition": exhibitor.edition.slug, "pk": exhibitor.pk})
    return f"{url}#{anchor}" if anchor else url


def _context(edition: Edition, **extra) -> dict:
    return {"edition": edition, **extra}


def _free_counts(edition: Edition) -> dict[int, int]:
    return {zone_id: len(booths) for zone_id, booths in applications.free_booths_of_edition(edition).items()}


@login_required
@require_GET
def portal(request, edition):
    mine = exhibitors.exhibitors_of_user(request.user, edition)
    if not mine:
        return render(request, "exhibition/portal/nobody.html", _context(edition))
    if len(mine) == 1:
        return redirect(_home(mine[0]))
    return render(request, "exhibition/portal/choose.html", _context(edition, exhibitors=mine))


@login_required
@require_GET
def exhibitor_home(request, edition, pk: int):
    exhibitor = _exhibitor(request, edition, pk)
    user = request.user
    free = _free_counts(edition)
    staff = list(exhibitors.staff_of(exhibitor))
    rows = [
        {
            "application": a,
            "badge": BADGES[ApplicationStatus(a.status)],
            "can_withdraw": a.status in WITHDRAWABLE,
        }
        for a in applications.applications_of_exhibitor(exhibitor)
    ]
    context = _context(
        edition,
        exhibitor=exhibitor,
        industries=list(exhibitor.industries.order_by("sort_key")),
        products=list(exhibitors.products_of(exhibitor)),
        staff=staff,
        badges_used=sum(1 for member in staff if member.needs_badge),
        applications=rows,
        can_edit=user.has_perm("exhibition.change_exhibitor", exhibitor),
        can_apply=user.has_perm("exhibition.apply_for_booth", exhibitor),
        staff_form=StaffForm(),
        apply_form=ApplyForm(edition=edition, free=free),
    )
    return render(request, "exhibition/portal/exhibitor.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request, edition, pk: int):
    exhibitor = _editable(request, edition, pk)
    organizer = request.user.has_perm("exhibition.change_exhibitor_tags", exhibitor)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(exhibitor), organizer=organizer)
    if request.method == "POST" and form.is_valid():
        try:
            exhibitors.update_profile(exhibitor, actor=request.user, **form.changes())
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The profile of %(exhibitor)s was saved.") % {"exhibitor": exhibitor})
            return redirect(_home(exhibitor, "profile"))
    status = 400 if form.errors else 200
    return render(
        request, "exhibition/portal/profile.html", _context(edition, exhibitor=exhibitor, form=form), status=status
    )


def _product(exhibitor: Exhibitor, product_pk: int) -> Product:
    product = Product.objects.filter(exhibitor=exhibitor, pk=product_pk).select_related("industry").first()
    if product is None:
        raise Http404("No such product")
    product.exhibitor = exhibitor
    return product


@login_required
@require_http_methods(["GET", "POST"])
def product_form(request, edition, pk: int, product_pk: int | None = None):
    exhibitor = _editable(request, edition, pk, "exhibition.change_product")
    product = _product(exhibitor, product_pk) if product_pk is not None else None
    initial = ProductForm.initial_for(product) if product is not None else {}
    form = ProductForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if product is None:
                product = exhibitors.add_product(
                    exhibitor, actor=request.user, picture=form.cleaned_data["picture"], **form.fields_for_service()
                )
                done = _("%(product)s was added to the products of %(exhibitor)s.")
            else:
                product = exhibitors.change_product(
                    product,
                    actor=request.user,
                    picture=form.cleaned_data["picture"],
                    remove_picture=form.cleaned_data["remove_picture"],
                    **form.fields_for_service(),
                )
                done = _("%(product)s was saved.")
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done % {"product": product, "exhibitor": exhibitor})
            return redirect(_home(exhibitor, "products"))
    status = 400 if form.errors else 200
    context = _context(edition, exhibitor=exhibitor, product=product, form=form)
    return render(request, "exhibition/portal/product_form.html", context, status=status)


@login_required
@require_POST
def product_remove(request, edition, pk: int, product_pk: int):
    exhibitor = _editable(request, edition, pk, "exhibition.change_product")
    product = _product(exhibitor, product_pk)
    name = str(product)
    try:
        exhibitors.remove_product(product, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(product)s was removed.") % {"product": name})
    return redirect(_home(exhibitor, "products"))


@login_required
@require_POST
def staff_add(request, edition, pk: int):
    exhibitor = _editable(request, edition, pk, "exhibition.change_exhibitor_staff")
    form = StaffForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Give a name or an email address for the new staff member of %(exhibitor)s.") % {"exhibitor": exhibitor},
        )
        return redirect(_home(exhibitor, "staff"))
    try:
        member = exhibitors.add_staff(exhibitor, actor=request.user, **form.cleaned_data)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(person)s is on the staff of %(exhibitor)s.") % {"person": member.person, "exhibitor": exhibitor},
        )
    return redirect(_home(exhibitor, "staff"))


@login_required
@require_POST
def staff_remove(request, edition, pk: int, staff_pk: int):
    exhibitor = _editable(request, edition, pk, "exhibition.change_exhibitor_staff")
    member = ExhibitorStaff.objects.filter(exhibitor=exhibitor, pk=staff_pk).select_related("person").first()
    if member is None:
        raise Http404("No such staff member")
    member.exhibitor = exhibitor
    try:
        exhibitors.remove_staff(member, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(person)s is no longer on the staff of %(exhibitor)s.")
            % {"person": member.person, "exhibitor": exhibitor},
        )
    return redirect(_home(exhibitor, "staff"))


@login_required
@require_POST
def apply(request, edition, pk: int):
    exhibitor = _editable(request, edition, pk, "exhibition.apply_for_booth")
    form = ApplyForm(request.POST, edition=edition, free={})
    if not form.is_valid():
        messages.error(
            request,
            _("Choose a zone, a kind of booth and an area for the application of %(exhibitor)s.")
            % {"exhibitor": exhibitor},
        )
        return redirect(_home(exhibitor, "applications"))
    try:
        application = applications.apply_for_booth(exhibitor, actor=request.user, **form.cleaned_data)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        if application.status == ApplicationStatus.WAITLISTED:
            messages.warning(
                request,
                _(
                    "%(zone)s has no free booth of that kind at %(area)s m² or larger: your application is on the "
                    "waiting list. We tell you when a booth becomes free."
                )
                % {"zone": application.zone, "area": application.area},
            )
        else:
            messages.success(
                request, _("Your application for %(zone)s was sent to the organizers.") % {"zone": application.zone}
            )
    return redirect(_home(exhibitor, "applications"))


@login_required
@require_POST
def withdraw(request, edition, pk: int, application_pk: int):
    exhibitor = _editable(request, edition, pk, "exhibition.withdraw_application")
    application = BoothApplication.objects.filter(exhibitor=exhibitor, pk=application_pk).first()
    if application is None:
        raise Http404("No such application")
    try:
        done = applications.withdraw_application(application, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your application for %(zone)s was withdrawn.") % {"zone": done.zone})
    return redirect(_home(exhibitor, "applications"))
