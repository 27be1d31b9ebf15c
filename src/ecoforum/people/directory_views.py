"""The exchange platform under ``/<edition>/directory/``: the directory of participants who agreed
to be listed, one's own listing, and "my contacts" (requests sent and received).

Everything needs a login: the directory is for the edition's participants, not for the public.
The list never carries an e-mail address or a phone; those appear in "my contacts" for the two
sides of an accepted request only. Another person's request id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ecoforum.core.locking import Busy

from . import exchange
from .exchange import ExchangeError
from .forms_thinktank import ContactRequestForm, DirectoryEntryForm, DirectoryFilterForm
from .models import ContactRequest, DirectoryEntry

ENTRY_FIELDS = ("headline_zh_hans", "headline_en", "looking_for_zh_hans", "looking_for_en")


def _participant(request, edition):
    """The logged-in person, whether they take part in the edition, and their entry."""
    person = exchange.participant_of(request.user)
    entry = exchange.entry_of(person, edition)
    return person, entry


@login_required
@require_http_methods(["GET"])
def directory(request, edition):
    person, own = _participant(request, edition)
    may_see = own is not None or (person is not None and exchange.takes_part(person, edition))
    if not may_see and not request.user.has_perm("forums.view_backoffice", edition):
        # Listed participants agreed to be seen by the edition's participants, not by every account.
        context = {"edition": edition, "own": None, "person": person}
        return render(request, "people/directory/not_participant.html", context, status=403)
    form = DirectoryFilterForm(request.GET or None, countries=exchange.directory_countries(edition))
    chosen = form.cleaned_data if form.is_valid() else {}
    entries = exchange.directory(edition, country=chosen.get("country", ""), text=chosen.get("q", ""))
    page = Paginator(entries, exchange.ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    statuses = exchange.live_requests_between(person, edition, [e.person_id for e in rows]) if own else {}
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "edition": edition,
        "form": form,
        "page": page,
        "rows": [{"entry": e, "status": statuses.get(e.person_id, ""), "is_me": own and e.pk == own.pk} for e in rows],
        "own": own,
        "person": person,
        "query": query.urlencode(),
        "contact_form": ContactRequestForm(),
    }
    return render(request, "people/directory/directory.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_entry(request, edition):
    """Agree to be listed (or change the listing); withdraw with the second button."""
    person, own = _participant(request, edition)
    if person is None:
        raise Http404("No participant behind this account")
    initial = {n: getattr(own, n) for n in ENTRY_FIELDS} if own else {}
    form = DirectoryEntryForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {n: form.cleaned_data[n] for n in ENTRY_FIELDS}
            try:
                exchange.list_in_directory(person, edition, actor=request.user, **data)
            except ExchangeError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(request, _("You are listed in the directory."))
                return redirect("directory:directory", edition=edition.slug)
        else:
            status = 400
    context = {
        "edition": edition,
        "form": form,
        "own": own,
        "person": person,
        "takes_part": exchange.takes_part(person, edition),
    }
    return render(request, "people/directory/entry.html", context, status=status)


@login_required
@require_POST
def leave(request, edition):
    person, own = _participant(request, edition)
    if person is None or own is None:
        raise Http404("Not listed")
    exchange.leave_directory(person, edition, actor=request.user)
    messages.success(request, _("You are no longer listed in the directory."))
    return redirect("directory:directory", edition=edition.slug)


@login_required
@require_POST
def contact(request, edition, pk: int):
    """Send a contact request to the participant of directory entry ``pk``."""
    person, _own = _participant(request, edition)
    entry = DirectoryEntry.objects.select_related("person", "edition").filter(pk=pk, edition=edition).first()
    if person is None or entry is None:
        raise Http404("No such listing")
    form = ContactRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The message to %(person)s is too long.") % {"person": entry.person})
        return redirect("directory:directory", edition=edition.slug)
    try:
        exchange.send_contact_request(person, entry, actor=request.user, message=form.cleaned_data["message"])
    except ExchangeError as exc:
        messages.error(request, exc.message)
    except Busy as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your request has been sent to %(person)s.") % {"person": entry.person})
    return redirect("directory:directory", edition=edition.slug)


@login_required
@require_http_methods(["GET"])
def contacts(request, edition):
    person, own = _participant(request, edition)
    if person is None:
        raise Http404("No participant behind this account")
    context = {"edition": edition, "person": person, "own": own, "contacts": exchange.my_contacts(person, edition)}
    return render(request, "people/directory/contacts.html", context)


@login_required
@require_POST
def answer(request, edition, pk: int):
    """The recipient accepts or declines request ``pk``; anyone else gets a 404."""
    person, _own = _participant(request, edition)
    if person is None:
        raise Http404("No participant behind this account")
    try:
        found = exchange.contact_for(person, pk, edition=edition, received=True)
    except ContactRequest.DoesNotExist:
        raise Http404("No such request") from None
    accept = request.POST.get("answer") == "accept"
    try:
        exchange.answer_contact_request(found, actor=request.user, accept=accept)
    except ExchangeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("You are now in contact with %(person)s.") % {"person": found.sender}
            if accept
            else _("You declined the request from %(person)s.") % {"person": found.sender},
        )
    return redirect("directory:contacts", edition=edition.slug)


@login_required
@require_POST
def withdraw(request, edition, pk: int):
    """The sender takes back request ``pk`` while it waits for an answer; anyone else gets a 404."""
    person, _own = _participant(request, edition)
    if person is None:
        raise Http404("No participant behind this account")
    try:
        found = exchange.contact_for(person, pk, edition=edition, received=False)
    except ContactRequest.DoesNotExist:
        raise Http404("No such request") from None
    try:
        exchange.withdraw_contact_request(found, actor=request.user)
    except ExchangeError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your request to %(person)s has been withdrawn.") % {"person": found.recipient})
    return redirect("directory:contacts", edition=edition.slug)
