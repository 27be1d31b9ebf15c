"""The floor plan: the public page at ``/<edition>/floorplan/`` and the organizers' booth editor at
``/manage/<edition>/exhibition/floorplan/``.

The plan is an SVG drawn here from the booths' geometry (metres); ``floorplan.js`` adds zoom, pan,
tooltips and filters, and the filters also work without it (GET parameters ``hall``, ``zone``,
``industry``). Organizers (``forums.manage_edition``) edit halls, zones and booths and import the
geometry; anyone else gets the same 404 as for a missing edition. Every write calls a service
in ``booths``; a refusal becomes a message naming the item, never a 500.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import organized_edition
from ecoforum.investment.models import GreenIndustry

from . import booths
from .enums import BoothKind, ZoneKind
from .floorplan import PlanHall, floor_plan
from .models import Booth, Hall, Zone

DOMAIN_ERRORS = (booths.BoothError, Busy)


def exhibitor_url(edition: Edition, slug: str) -> str:
    try:
        return reverse("exhibition:exhibitor", kwargs={"edition": edition.slug, "slug": slug})
    except NoReverseMatch:
        return f"/{edition.slug}/exhibitors/{slug}/"


def _plan_context(edition: Edition, params, *, editing: bool = False) -> dict:
    halls = floor_plan(edition)
    hall_code = params.get("hall", "")
    current: PlanHall | None = next((h for h in halls if h.hall.code == hall_code), halls[0] if halls else None)
    zone_code = params.get("zone", "")
    industry = params.get("industry", "")
    rows = []
    for plan in halls:
        for item in plan.booths:
            item.url = exhibitor_url(edition, item.exhibitor_slug) if item.exhibitor_slug else ""
            item.dim = bool(
                (zone_code and item.zone.code != zone_code) or (industry and industry not in item.industries)
            )
            if plan is current:
                rows.append(item)
    return {
        "edition": edition,
        "halls": halls,
        "current": current,
        "zone_code": zone_code,
        "industry": industry,
        "industries": list(GreenIndustry.objects.filter(level=1).order_by("sort_key")),
        "rows": rows,
        "editing": editing,
    }


@require_GET
def plan(request: HttpRequest, edition: Edition) -> HttpResponse:
    return render(request, "exhibition/floorplan.html", _plan_context(edition, request.GET))


# --- the organizers' editor ---------------------------------------------------------------------


class HallForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    name_zh_hans = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200, required=False)
    width = forms.DecimalField(
        label=gettext_lazy("Width (m)"), min_value=Decimal("0.01"), max_digits=7, decimal_places=2
    )
    depth = forms.DecimalField(
        label=gettext_lazy("Depth (m)"), min_value=Decimal("0.01"), max_digits=7, decimal_places=2
    )
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=32767, initial=0)


class ZoneForm(forms.Form):
    hall = forms.ModelChoiceField(label=gettext_lazy("Hall"), queryset=Hall.objects.none())
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ZoneKind.choices, initial=ZoneKind.OTHER)
    name_zh_hans = forms.CharField(label=gettext_lazy("Name (Chinese)"), max_length=200)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=200, required=False)
    colour = forms.RegexField(
        label=gettext_lazy("Colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#2e7d4f",
        widget=forms.TextInput(attrs={"type": "color"}),
    )
    order = forms.IntegerField(label=gettext_lazy("Order"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall"].queryset = Hall.objects.filter(edition=edition)  # type: ignore[attr-defined]


def _metres(label: str, *, minimum: str = "0") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal(minimum),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )


class BoothForm(forms.Form):
    zone = forms.ModelChoiceField(label=gettext_lazy("Zone"), queryset=Zone.objects.none())
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=BoothKind.choices, initial=BoothKind.SHELL)
    area = _metres(gettext_lazy("Area (m²)"), minimum="0.01")
    price = forms.DecimalField(
        label=gettext_lazy("Price"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    x = _metres(gettext_lazy("x (m)"))
    y = _metres(gettext_lazy("y (m)"))
    width = _metres(gettext_lazy("Width (m)"), minimum="0.01")
    depth = _metres(gettext_lazy("Depth (m)"), minimum="0.01")
    is_blocked = forms.BooleanField(label=gettext_lazy("Not for allocation"), required=False)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = Zone.objects.filter(edition=edition).select_related("hall")  # type: ignore[attr-defined]


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Booth geometry (.xlsx or .csv)"))


def _home(edition: Edition, hall: str = "") -> str:
    url = reverse("manage_exhibition:floorplan", kwargs={"edition_slug": edition.slug})
    return f"{url}?hall={hall}" if hall else url


def _editor(request: HttpRequest, edition: Edition, **forms_: forms.Form) -> HttpResponse:
    context = _plan_context(edition, request.GET, editing=True)
    current = context["current"]
    defaults = {
        "booth_form": BoothForm(
            edition=edition,
            initial={
                "zone": current.zones[0].pk if current and current.zones else None,
                "width": 3,
                "depth": 3,
                "area": 9,
            },
        ),
        "hall_form": HallForm(),
        "zone_form": ZoneForm(edition=edition, initial={"hall": current.hall.pk if current else None}),
        "import_form": ImportForm(),
        "import_errors": [],
    }
    context.update(defaults)
    context.update(forms_)
    return render(request, "exhibition/manage/floorplan.html", context)


def _booth(edition: Edition, pk: int) -> Booth:
    booth = Booth.objects.filter(edition=edition, pk=pk).select_related("zone__hall").first()
    if booth is None:
        raise Http404("No such booth")
    return booth


@require_GET
def editor(request: HttpRequest, edition_slug: str) -> HttpResponse:
    return _editor(request, organized_edition(request, edition_slug))


@require_POST
def booth_add(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    form = BoothForm(request.POST, edition=edition)
    if form.is_valid():
        data = dict(form.cleaned_data)
        zone = data.pop("zone")
        try:
            booth = booths.add_booth(zone, actor=request.user, **data)
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("Booth %(code)s added.") % {"code": booth.code})
            return redirect(_home(edition, zone.hall.code))
    return _editor(request, edition, booth_form=form)


@require_http_methods(["GET", "POST"])
def booth_edit(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    booth = _booth(edition, pk)
    if request.method == "POST":
        form = BoothForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                booth = booths.change_booth(booth, actor=request.user, **form.cleaned_data)
            except DOMAIN_ERRORS as exc:
                form.add_error(None, str(getattr(exc, "message", exc)))
            else:
                messages.success(request, _("Booth %(code)s saved.") % {"code": booth.code})
                return redirect(_home(edition, booth.zone.hall.code))
    else:
        form = BoothForm(
            edition=edition,
            initial={name: getattr(booth, name) for name in BoothForm.base_fields if name != "zone"}
            | {"zone": booth.zone_id},
        )
    context = {"edition": edition, "booth": booth, "form": form}
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "exhibition/manage/_booth_form.html", context)
    return render(request, "exhibition/manage/booth.html", context)


@require_POST
def booth_delete(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    booth = _booth(edition, pk)
    hall = booth.zone.hall.code
    try:
        booths.remove_booth(booth, actor=request.user)
    except DOMAIN_ERRORS as exc:
        messages.error(request, str(getattr(exc, "message", exc)))
    else:
        messages.success(request, _("Booth %(code)s removed.") % {"code": booth.code})
    return redirect(_home(edition, hall))


@require_POST
def hall_add(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    form = HallForm(request.POST)
    if form.is_valid():
        try:
            hall = booths.add_hall(edition, actor=request.user, **form.cleaned_data)
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("Hall %(code)s added.") % {"code": hall.code})
            return redirect(_home(edition, hall.code))
    return _editor(request, edition, hall_form=form)


@require_http_methods(["GET", "POST"])
def hall_edit(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    hall = Hall.objects.filter(edition=edition, pk=pk).first()
    if hall is None:
        raise Http404("No such hall")
    if request.method == "POST":
        form = HallForm(request.POST)
        if form.is_valid():
            try:
                hall = booths.change_hall(hall, actor=request.user, **form.cleaned_data)
            except DOMAIN_ERRORS as exc:
                form.add_error(None, str(getattr(exc, "message", exc)))
            else:
                messages.success(request, _("Hall %(code)s saved.") % {"code": hall.code})
                return redirect(_home(edition, hall.code))
    else:
        form = HallForm(initial={name: getattr(hall, name) for name in HallForm.base_fields})
    return render(
        request,
        "exhibition/manage/floorplan_item.html",
        {"edition": edition, "item": hall, "form": form, "what": "hall"},
    )


@require_http_methods(["GET", "POST"])
def zone_edit(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    zone = Zone.objects.filter(edition=edition, pk=pk).select_related("hall").first()
    if zone is None:
        raise Http404("No such zone")
    if request.method == "POST":
        form = ZoneForm(request.POST, edition=edition)
        if form.is_valid():
            try:
                zone = booths.change_zone(zone, actor=request.user, **form.cleaned_data)
            except DOMAIN_ERRORS as exc:
                form.add_error(None, str(getattr(exc, "message", exc)))
            else:
                messages.success(request, _("Zone %(code)s saved.") % {"code": zone.code})
                return redirect(_home(edition, zone.hall.code))
    else:
        form = ZoneForm(
            edition=edition,
            initial={name: getattr(zone, name) for name in ZoneForm.base_fields if name != "hall"}
            | {"hall": zone.hall_id},
        )
    return render(
        request,
        "exhibition/manage/floorplan_item.html",
        {"edition": edition, "item": zone, "form": form, "what": "zone"},
    )


@require_POST
def zone_add(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    form = ZoneForm(request.POST, edition=edition)
    if form.is_valid():
        data = dict(form.cleaned_data)
        hall = data.pop("hall")
        try:
            zone = booths.add_zone(hall, actor=request.user, **data)
        except DOMAIN_ERRORS as exc:
            form.add_error(None, str(getattr(exc, "message", exc)))
        else:
            messages.success(request, _("Zone %(code)s added.") % {"code": zone.code})
            return redirect(_home(edition, hall.code))
    return _editor(request, edition, zone_form=form)


@require_POST
def geometry_import(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = organized_edition(request, edition_slug)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _editor(request, edition, import_form=form)
    data = form.cleaned_data["file"].read()
    try:
        summary = booths.import_booth_geometry(edition, data, actor=request.user)
    except booths.ImportRefused as exc:
        messages.error(request, _("Nothing was imported: the file has %(n)s problems.") % {"n": len(exc.errors)})
        return _editor(request, edition, import_form=form, import_errors=exc.errors)
    except Busy as exc:
        messages.error(request, str(exc))
        return redirect(_home(edition))
    messages.success(
        request,
        _("Booth geometry imported: %(added)s added, %(changed)s changed.")
        % {"added": len(summary.added), "changed": len(summary.changed)},
    )
    return redirect(_home(edition))
