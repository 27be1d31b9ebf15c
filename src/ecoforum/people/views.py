"""Pages for people outside the committee: the invitation RSVP."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import queries, services
from .enums import InvitationStatus
from .exceptions import PeopleError


class RsvpForm(forms.Form):
    answer = forms.ChoiceField(choices=[("accept", gettext_lazy("Accept")), ("decline", gettext_lazy("Decline"))])
    note = forms.CharField(
        label=gettext_lazy("Note to the organizers"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp(request, token: str):
    """The invitee accepts or declines, with a note; the answer may change until the invitation is withdrawn."""
    invitation = queries.invitation_by_token(token)
    if invitation is None:
        raise Http404("No such invitation")
    edition = invitation.edition
    status = 200
    form = RsvpForm(request.POST or None, initial={"note": invitation.response_note})
    if request.method == "POST":
        if form.is_valid():
            accept = form.cleaned_data["answer"] == "accept"
            try:
                services.respond_to_invitation(invitation, accept=accept, note=form.cleaned_data["note"])
            except PeopleError as exc:
                form.add_error(None, exc.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("Thank you, your acceptance has been recorded.")
                    if accept
                    else _("Thank you, we have recorded that you cannot attend."),
                )
                return redirect("people:rsvp", token=invitation.token)
        else:
            status = 400
        invitation = queries.invitation_by_token(token)
    context = {
        "edition": edition,
        "invitation": invitation,
        "person": invitation.person,
        "form": form,
        "is_open": invitation.status != InvitationStatus.WITHDRAWN,
    }
    response = render(request, "people/rsvp.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
