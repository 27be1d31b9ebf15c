"""Pages of the signings: the public list under ``/<edition>/signings/`` and the organizers' pages under
``/manage/<edition>/investment/signings/``.

The public page reads ``queries.counted_signings`` once and builds every figure from it.
The organizers' pages need ``forums.manage_edition``: an edition reached through
``program.queries.edition_to_manage`` (404 for "missing" and "not yours"), then 403 for
a committee member or coordinator who may not manage it. Each write calls a service in
``signings``; a refusal becomes a form error or a message, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.money import YI, Money
from ecoforum.forums.models import Edition
from ecoforum.program import queries as program_queries
from ecoforum.program.models import Session

from . import queries, signings
from .exceptions import InvestmentError
from .models import Signing
from .signing_forms import PartyFormSet, SigningForm, parties_from, party_initial

#: Width of the industry bar chart's longest bar, in SVG units.
BAR_WIDTH = 300


@dataclass
class CeremonyGroup:
    """The signings of one ceremony (or of none), in their order on stage."""

    ceremony: Session | None
    items: list[queries.CountedSigning] = field(default_factory=list)

    @property
    def counted(self) -> Money:
        return Money(sum((i.counted for i in self.items if i.signing.currency == "CNY"), Decimal(0)))


def _groups(counted: list[queries.CountedSigning]) -> list[CeremonyGroup]:
    """Grouped by ceremony; ceremonies in the order of their first signing, the signings without one last."""
    groups: dict[int | None, CeremonyGroup] = {}
    for item in counted:
        key = item.signing.ceremony_id
        if key not in groups:
            groups[key] = CeremonyGroup(item.signing.ceremony)
        groups[key].items.append(item)
    for group in groups.values():
        group.items.sort(key=lambda i: (i.signing.stage_order, i.signing.signed_at, i.signing.pk))
    ordered = [g for key, g in groups.items() if key is not None]
    if None in groups:
        ordered.append(groups[None])
    return ordered


def _yi(money: Money) -> str:
    """An amount in 亿元 with up to two decimals: the unit the forum announces its totals in."""
    value = (money.amount / YI).quantize(Decimal("0.01"))
    return f"{value.to_integral() if value == value.to_integral() else value.normalize():,}"


@require_GET
def signings_page(request, edition):
    counted = queries.counted_signings(edition)
    totals = queries.signing_totals(edition, counted)
    largest = max((money.amount for _industry, money in totals.by_industry), default=Decimal(0))
    bars = [
        {
            "industry": industry,
            "money": money,
            "yi": _yi(money),
            "width": int(BAR_WIDTH * money.amount / largest) if largest > 0 else 0,
            "y": n * 28,
        }
        for n, (industry, money) in enumerate(totals.by_industry)
    ]
    context = {
        "edition": edition,
        "groups": _groups(counted),
        "totals": totals,
        "total_yi": _yi(totals.counted),
        "bars": bars,
        "chart_height": max(len(bars) * 28, 28),
        "bar_width": BAR_WIDTH,
    }
    return render(request, "investment/signings.html", context)


# --- organizers -----------------------------------------------------------------


def _edition(request: HttpRequest, slug: str) -> Edition:
    edition = program_queries.edition_to_manage(request.user, slug)
    if not request.user.has_perm("forums.manage_edition", edition):
        raise PermissionDenied
    timezone.activate(edition.tz)  # the EditionMiddleware deactivates it after the response
    return edition


def _signing(edition: Edition, pk: int) -> Signing:
    signing = Signing.objects.filter(edition=edition, pk=pk).select_related("edition", "ceremony").first()
    if signing is None:
        raise Http404("No such signing")
    return signing


def _list_url(edition: Edition, signing: Signing | None = None) -> str:
    url = reverse("manage_investment:signings", kwargs={"edition_slug": edition.slug})
    return f"{url}#signing-{signing.pk}" if signing is not None else url


@login_required
@require_GET
def manage_signings(request, edition_slug: str):
    edition = _edition(request, edition_slug)
    counted = queries.counted_signings(edition)
    context = {
        "edition": edition,
        "groups": _groups(counted),
        "totals": queries.signing_totals(edition, counted),
    }
    return render(request, "investment/manage/signings.html", context)


def _form_page(request, edition: Edition, signing: Signing | None):
    initial = SigningForm.initial_for(signing) if signing is not None else {}
    form = SigningForm(request.POST or None, edition=edition, initial=initial)
    parties = PartyFormSet(
        request.POST or None, prefix="parties", initial=party_initial(signing) if signing is not None else None
    )
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        try:
            if signing is None:
                signing = signings.record_signing(
                    edition, actor=request.user, parties=parties_from(parties), **form.signing_fields()
                )
                messages.success(request, _("Signing «%(title)s» was recorded.") % {"title": signing.title})
            else:
                signing = signings.change_signing(
                    signing, actor=request.user, parties=parties_from(parties), **form.signing_fields()
                )
                messages.success(request, _("Signing «%(title)s» was saved.") % {"title": signing.title})
        except InvestmentError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_list_url(edition, signing))
    context = {"edition": edition, "form": form, "parties": parties, "signing": signing}
    return render(request, "investment/manage/signing_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def signing_create(request, edition_slug: str):
    return _form_page(request, _edition(request, edition_slug), None)


@login_required
@require_http_methods(["GET", "POST"])
def signing_edit(request, edition_slug: str, pk: int):
    edition = _edition(request, edition_slug)
    return _form_page(request, edition, _signing(edition, pk))


@login_required
@require_POST
def signing_delete(request, edition_slug: str, pk: int):
    edition = _edition(request, edition_slug)
    signing = _signing(edition, pk)
    try:
        signings.remove_signing(signing, actor=request.user)
    except InvestmentError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Signing «%(title)s» was removed.") % {"title": signing.title})
    return redirect(_list_url(edition))


@login_required
@require_POST
def signing_move(request, edition_slug: str, pk: int):
    """Move a signing one place up or down on its ceremony's stage."""
    edition = _edition(request, edition_slug)
    signing = _signing(edition, pk)
    ceremony = signing.ceremony
    direction = request.POST.get("direction")
    if ceremony is None or direction not in ("up", "down"):
        messages.error(request, _("Signing «%(title)s» is not on a ceremony's stage.") % {"title": signing.title})
        return redirect(_list_url(edition, signing))
    order = list(
        Signing.objects.filter(ceremony=ceremony)
        .order_by("stage_order", "signed_at", "pk")
        .values_list("pk", flat=True)
    )
    here = order.index(signing.pk)
    there = here - 1 if direction == "up" else here + 1
    if 0 <= there < len(order):
        order[here], order[there] = order[there], order[here]
        try:
            signings.reorder_stage(ceremony, order, actor=request.user)
        except InvestmentError as exc:
            messages.error(request, exc.message)
    return redirect(_list_url(edition, signing))
