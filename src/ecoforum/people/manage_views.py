"""The think tank in the back office under ``/manage/<edition>/think-tank/`` (organizers:
``people.manage_thinktank``, that is ``forums.manage_edition``): the edition's invitations with
their history and counts, inviting and withdrawing, and the experts' proposals with their answers.

An edition the user does not organize is a 404, like a missing one; an invitation or a proposal
of another edition is a 404 too, with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.forums.views import organized_edition

from . import services, thinktank
from .enums import AdviceStatus
from .exceptions import PeopleError
from .forms_thinktank import AdviceAnswerForm, InvitationFilterForm, InviteForm
from .models import AdvisoryInput, Invitation

INVITATIONS_PER_PAGE = 50


def _edition(request, slug: str):
    edition = organized_edition(request, slug)
    if not request.user.has_perm("people.manage_thinktank", edition):
        raise Http404("No such edition")
    return edition


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request, edition_slug: str):
    """邀请 · The edition's invitations with status, answer dates and history; invite an expert."""
    edition = _edition(request, edition_slug)
    experts = list(thinktank.invitable_experts())
    invite_form = InviteForm(request.POST or None, experts=experts)
    status = 200
    if request.method == "POST":
        if invite_form.is_valid():
            data = invite_form.cleaned_data
            person = next((p for p in experts if p.pk == data["person"]), None)
            try:
                if person is None:
                    raise PeopleError(_("Choose an expert of the think tank."))
                services.invite_person(
                    edition,
                    person,
                    actor=request.user,
                    role=data["role"],
                    message_zh_hans=data["message_zh_hans"] or data["message_en"],
                    message_en=data["message_en"],
                )
            except PeopleError as exc:
                invite_form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("%(person)s has been invited.") % {"person": person})
                return redirect("manage_people:thinktank", edition_slug=edition.slug)
        else:
            status = 400
    filters = InvitationFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    qs = thinktank.edition_invitations(edition, status=chosen.get("status", ""), role=chosen.get("role", ""))
    page = Paginator(qs, INVITATIONS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    histories = thinktank.invitation_histories(rows)
    counts = thinktank.invitation_counts(edition)
    top = max(counts.values()) or 1
    bars = [
        {"key": key, "label": label, "count": counts[key], "percent": round(100 * counts[key] / top)}
        for key, label in (
            ("invited", _("Invited")),
            ("accepted", _("Accepted")),
            ("declined", _("Declined")),
            ("pending", _("Awaiting reply")),
        )
    ]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "edition": edition,
        "filters": filters,
        "invite_form": invite_form,
        "page": page,
        "rows": [{"invitation": inv, "history": histories.get(inv.pk, [])} for inv in rows],
        "bars": bars,
        "counts": counts,
        "query": query.urlencode(),
    }
    return render(request, "people/thinktank/manage_invitations.html", context, status=status)


@login_required
@require_POST
def withdraw(request, edition_slug: str, pk: int):
    edition = _edition(request, edition_slug)
    invitation = Invitation.objects.select_related("person").filter(pk=pk, edition=edition).first()
    if invitation is None:
        raise Http404("No such invitation")
    if invitation.status == "withdrawn":
        messages.error(request, _("The invitation of %(person)s is already withdrawn.") % {"person": invitation.person})
    else:
        services.withdraw_invitation(invitation, actor=request.user)
        messages.success(request, _("The invitation of %(person)s has been withdrawn.") % {"person": invitation.person})
    return redirect("manage_people:thinktank", edition_slug=edition.slug)


@login_required
@require_GET
def advice(request, edition_slug: str):
    """建言 · All proposals for the edition, each with a form to answer it."""
    edition = _edition(request, edition_slug)
    status = request.GET.get("status", "")
    if status not in AdviceStatus.values:
        status = ""
    page = Paginator(thinktank.edition_advice(edition, status=status), INVITATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [
        {
            "advice": a,
            "form": AdviceAnswerForm(
                initial={"status": a.status, "response_zh_hans": a.response_zh_hans, "response_en": a.response_en},
                prefix=f"a{a.pk}",
            ),
        }
        for a in page.object_list
    ]
    context = {"edition": edition, "rows": rows, "page": page, "status": status, "statuses": AdviceStatus.choices}
    return render(request, "people/thinktank/manage_advice.html", context)


@login_required
@require_POST
def advice_answer(request, edition_slug: str, pk: int):
    edition = _edition(request, edition_slug)
    found = AdvisoryInput.objects.select_related("person").filter(pk=pk, edition=edition).first()
    if found is None:
        raise Http404("No such proposal")
    form = AdviceAnswerForm(request.POST, prefix=f"a{found.pk}")
    if not form.is_valid():
        messages.error(request, _("The answer to “%(title)s” is not valid.") % {"title": found.title})
    else:
        try:
            thinktank.answer_advice(found, actor=request.user, **form.cleaned_data)
        except PeopleError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Your answer to “%(title)s” has been saved.") % {"title": found.title})
    return redirect("manage_people:advice", edition_slug=edition.slug)
