"""The think tank's public pages at ``/think-tank/``: the expert registry across editions, an
expert's record, and (logged in) an expert's own proposals for a coming edition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import thinktank
from .enums import Academy
from .forms_thinktank import AdviceChangeForm, AdviceForm, ExpertFilterForm
from .models import AdvisoryInput
from .thinktank import AdviceError


@require_GET
def experts(request):
    """专家库 · Experts across editions; filter by field and academy, search by name in either language."""
    fields = list(thinktank.expert_fields())
    form = ExpertFilterForm(request.GET or None, fields=fields)
    chosen = form.cleaned_data if form.is_valid() else {}
    profiles = thinktank.expert_registry(
        field_id=chosen.get("field"), academy=chosen.get("academy", ""), text=chosen.get("q", "")
    )
    page = Paginator(profiles, thinktank.EXPERTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "experts": list(page.object_list),
        "query": query.urlencode(),
        "academies": Academy,
    }
    return render(request, "people/thinktank/experts.html", context)


@require_GET
def expert(request, slug: str):
    record = thinktank.expert_record(slug)
    if record is None:
        raise Http404("No such expert")
    return render(request, "people/thinktank/expert.html", {"record": record, "person": record.person})


def _expert_or_404(request):
    person = thinktank.expert_of(request.user)
    if person is None:
        raise Http404("Not an expert of the think tank")
    return person


@login_required
@require_http_methods(["GET", "POST"])
def my_advice(request):
    """建言 · The expert's proposals and the organizers' answers; a form for a new one."""
    person = _expert_or_404(request)
    editions = list(thinktank.coming_editions())
    form = AdviceForm(request.POST or None, editions=editions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            edition = next((e for e in editions if e.pk == data["edition"]), None)
            try:
                if edition is None:
                    raise AdviceError(_("Choose a coming edition."))
                advice = thinktank.propose_advice(
                    person,
                    edition,
                    actor=request.user,
                    title_zh_hans=data["title_zh_hans"],
                    title_en=data["title_en"],
                    text_zh_hans=data["text_zh_hans"],
                    text_en=data["text_en"],
                )
            except AdviceError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(
                    request, _("Thank you: “%(title)s” has been sent to the organizers.") % {"title": advice.title}
                )
                return redirect("thinktank:advice")
        else:
            status = 400
    context = {"person": person, "form": form, "proposals": list(thinktank.advice_of(person)), "editions": editions}
    return render(request, "people/thinktank/advice.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def advice_edit(request, pk: int):
    """The expert changes their own proposal while it is not answered; another's is a 404."""
    try:
        advice = thinktank.advice_for(request.user, pk)
    except AdvisoryInput.DoesNotExist:
        raise Http404("No such proposal") from None
    initial = {n: getattr(advice, n) for n in ("title_zh_hans", "title_en", "text_zh_hans", "text_en")}
    form = AdviceChangeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                thinktank.change_advice(advice, actor=request.user, **form.cleaned_data)
            except AdviceError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("Your proposal has been changed."))
                return redirect("thinktank:advice")
        else:
            status = 400
    context = {"advice": advice, "form": form, "is_open": advice.status in thinktank.ADVICE_OPEN}
    return render(request, "people/thinktank/advice_edit.html", context, status=status)
