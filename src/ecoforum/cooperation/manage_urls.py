"""Delegations and letters under /manage/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "manage_cooperation"
urlpatterns = [
    path("<str:edition_slug>/cooperation/", _not_yet, name="overview"),
]
