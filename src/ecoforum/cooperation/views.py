"""Pages of international cooperation.

Public: ``/<edition>/partners/`` (the public partners by kind, the public agreements) and
``/letters/<token>/`` (a letter's verification: valid or revoked, number, date, name, edition; never
passport data). Back office under ``/manage/<edition>/cooperation/``:

- delegations by country with their members' arrival and hotel, invitation letters (issue, revoke,
  download the PDF): ``cooperation.manage_delegations`` on the edition (organizers, guest services);
- partners and agreements of the edition's forum: ``cooperation.manage_partners`` (organizers of any
  edition of that forum); another forum's partner or agreement is not found here (404), as a missing one.

Outside the edition's committee: 404; a committee member without the permission: 403. Every refusal of
a service comes back as a message naming the item, with nothing changed.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.locking import Busy
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import letters, queries, services
from .enums import PartnerKind
from .exceptions import CooperationError, UnknownAgreement, UnknownPartner
from .forms import (
    AgreementChangeForm,
    AgreementForm,
    DelegationForm,
    LetterForm,
    MemberForm,
    PartnerChangeForm,
    PartnerForm,
    RevokeForm,
    StatusForm,
)

#: Rows per page of the back-office lists.
PAGE_SIZE = 50
DELEGATIONS = "cooperation.manage_delegations"
PARTNERS = "cooperation.manage_partners"


# --- public -----------------------------------------------------------------------------------------


@require_GET
def partners_page(request: HttpRequest, edition: Edition) -> HttpResponse:
    partners = list(queries.public_partners(edition.forum))
    kinds = [
        {"label": PartnerKind(kind).label, "kind": kind, "partners": list(group)}
        for kind, group in groupby(partners, key=lambda p: p.kind)
    ]
    context = {"edition": edition, "kinds": kinds, "agreements": list(queries.public_agreements(edition.forum))}
    return render(request, "cooperation/partners.html", context)


@require_GET
def verify_letter(request: HttpRequest, token: str) -> HttpResponse:
    letter = letters.letter_by_token(token)
    if letter is None:
        return render(request, "cooperation/letter_unknown.html", status=404)
    timezone.activate(letter.edition.tz)
    return render(request, "cooperation/letter_verify.html", {"letter": letter})


# --- back office: helpers ---------------------------------------------------------------------------


def _edition(request: HttpRequest, slug: str, permission: str) -> Edition:
    return committee_edition(request, slug, permission)


def _url(name: str, edition: Edition, **kwargs) -> str:
    return reverse(f"manage_cooperation:{name}", kwargs={"edition_slug": edition.slug, **kwargs})


def _rights(request: HttpRequest, edition: Edition) -> dict[str, bool]:
    return {
        "may_delegations": request.user.has_perm(DELEGATIONS, edition),
        "may_partners": request.user.has_perm(PARTNERS, edition),
    }


def _page(request: HttpRequest, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _refused(request: HttpRequest, error: Exception) -> None:
    messages.error(request, str(error))


# --- back office: delegations -----------------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    delegations = [
        {
            "delegation": delegation,
            "members": [{"member": m, "arrival": queries.arrival_of(m)} for m in delegation.members.all()],
        }
        for delegation in queries.delegations_of(edition)
    ]
    context = {
        "edition": edition,
        "delegations": delegations,
        "form": DelegationForm(forum=edition.forum),
        **_rights(request, edition),
    }
    return render(request, "cooperation/manage/overview.html", context)


@login_required
@require_POST
def delegation_create(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    form = DelegationForm(request.POST, forum=edition.forum)
    if form.is_valid():
        try:
            delegation = services.create_delegation(edition, actor=request.user, **form.cleaned_data)
        except CooperationError as error:
            _refused(request, error)
        else:
            messages.success(request, _("Delegation %(name)s added.") % {"name": delegation})
            return redirect(_url("delegation", edition, pk=delegation.pk))
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form[field].label if field in form.fields else ''} {' '.join(errors)}".strip())
    return redirect(_url("overview", edition))


@login_required
@require_http_methods(["GET", "POST"])
def delegation_page(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    delegation = queries.delegation_for(edition, pk)
    if delegation is None:
        raise Http404("No such delegation")
    form = MemberForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_member(
                delegation,
                person=data["person_obj"],
                registration=data["registration"],
                role=data["role"],
                is_head=data["is_head"],
                actor=request.user,
            )
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            messages.success(request, _("%(person)s added to the delegation.") % {"person": data["person_obj"]})
            return redirect(_url("delegation", edition, pk=delegation.pk))
    members = [{"member": m, "arrival": queries.arrival_of(m)} for m in delegation.members.all()]
    context = {
        "edition": edition,
        "delegation": delegation,
        "members": members,
        "form": form,
        **_rights(request, edition),
    }
    return render(request, "cooperation/manage/delegation.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def member_remove(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    member = queries.member_for(edition, pk)
    if member is None:
        raise Http404("No such member")
    try:
        services.remove_member(member, actor=request.user)
    except (CooperationError, Busy) as error:
        _refused(request, error)
    else:
        messages.success(request, _("%(person)s removed from the delegation.") % {"person": member.person})
    return redirect(_url("delegation", edition, pk=member.delegation_id))


# --- back office: letters ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def letters_page(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    form = LetterForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        registration = form.cleaned_data["registration"]
        try:
            letter = letters.issue_letter(
                edition,
                person=registration.person,
                registration=registration,
                delegation=form.cleaned_data["delegation"],
                actor=request.user,
            )
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            issued = {"number": letter.number, "person": letter.person}
            messages.success(request, _("Letter %(number)s issued to %(person)s.") % issued)
            return redirect(_url("letters", edition) + f"#letter-{letter.pk}")
    context = {
        "edition": edition,
        "page": _page(request, queries.letters_of(edition)),
        "form": form,
        "revoke_form": RevokeForm(),
        **_rights(request, edition),
    }
    return render(request, "cooperation/manage/letters.html", context, status=400 if form.errors else 200)


def _letter(edition: Edition, pk: int):
    letter = queries.letter_for(edition, pk)
    if letter is None:
        raise Http404("No such letter")
    return letter


@login_required
@require_POST
def letter_revoke(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    letter = _letter(edition, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, letter.number + ": " + " ".join(form.errors.get("reason", [])))
    else:
        try:
            letters.revoke_letter(letter, reason=form.cleaned_data["reason"], actor=request.user)
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            messages.success(request, _("Letter %(number)s revoked.") % {"number": letter.number})
    return redirect(_url("letters", edition) + f"#letter-{letter.pk}")


@login_required
@require_GET
def letter_pdf(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, DELEGATIONS)
    letter = _letter(edition, pk)
    pdf = letters.letter_pdf(letter)
    letters.record_download(letter, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{letters.letter_file_name(letter)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- back office: partners and agreements -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def partners_manage(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug, PARTNERS)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organization = data.pop("organization")
        try:
            partner = services.create_partner(organization, forum=edition.forum, actor=request.user, **data)
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            messages.success(request, _("Partner %(name)s added.") % {"name": partner})
            return redirect(_url("partners", edition))
    context = {
        "edition": edition,
        "page": _page(request, queries.partners_to_manage(edition.forum)),
        "form": form,
        **_rights(request, edition),
    }
    return render(request, "cooperation/manage/partners.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, PARTNERS)
    try:
        partner = queries.get_partner_for(request.user, pk, forum=edition.forum)
    except UnknownPartner:
        raise Http404("No such partner") from None
    initial = {name: getattr(partner, name) for name in services.PARTNER_FIELDS}
    form = PartnerChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.change_partner(partner, actor=request.user, **changes)
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            messages.success(request, _("Partner %(name)s saved.") % {"name": partner})
            return redirect(_url("partners", edition))
    context = {"edition": edition, "partner": partner, "form": form, **_rights(request, edition)}
    return render(request, "cooperation/manage/partner.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def agreements_manage(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = _edition(request, edition_slug, PARTNERS)
    form = AgreementForm(request.POST or None, edition=edition, initial={"edition": edition})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            agreement = services.create_agreement(
                forum=edition.forum, actor=request.user, **{**data, "partners": list(data["partners"])}
            )
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            messages.success(request, _("Agreement %(name)s added.") % {"name": agreement})
            return redirect(_url("agreements", edition))
    context = {
        "edition": edition,
        "page": _page(request, queries.agreements_to_manage(edition.forum)),
        "form": form,
        **_rights(request, edition),
    }
    return render(request, "cooperation/manage/agreements.html", context, status=400 if form.errors else 200)


def _agreement(request: HttpRequest, edition: Edition, pk: int):
    try:
        return queries.get_agreement_for(request.user, pk, forum=edition.forum)
    except UnknownAgreement:
        raise Http404("No such agreement") from None


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, PARTNERS)
    agreement = _agreement(request, edition, pk)
    fields = list(services.AGREEMENT_FIELDS)
    initial = {name: getattr(agreement, name) for name in fields}
    initial["partners"] = list(agreement.partners.all())
    form = AgreementChangeForm(request.POST or None, edition=agreement.edition or edition, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in form.changed_data if name != "partners"}
        try:
            services.change_agreement(
                agreement,
                actor=request.user,
                partners=list(data["partners"]) if "partners" in form.changed_data else None,
                **changes,
            )
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            messages.success(request, _("Agreement %(name)s saved.") % {"name": agreement})
            return redirect(_url("agreements", edition))
    context = {
        "edition": edition,
        "agreement": agreement,
        "form": form,
        "status_form": StatusForm(initial={"status": agreement.status}),
        **_rights(request, edition),
    }
    return render(request, "cooperation/manage/agreement.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def agreement_status(request: HttpRequest, edition_slug: str, pk: int) -> HttpResponse:
    edition = _edition(request, edition_slug, PARTNERS)
    agreement = _agreement(request, edition, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{agreement}: " + " ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            services.change_agreement_status(
                agreement, form.cleaned_data["status"], on=form.cleaned_data["on"], actor=request.user
            )
        except (CooperationError, Busy) as error:
            _refused(request, error)
        else:
            agreement.refresh_from_db(fields=["status"])
            messages.success(
                request,
                _("%(name)s is now “%(status)s”.") % {"name": agreement, "status": agreement.get_status_display()},
            )
    return redirect(_url("agreement", edition, pk=agreement.pk))
