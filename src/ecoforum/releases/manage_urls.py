"""Organizers' release pages under /manage/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "manage_releases"
urlpatterns = [
    path("<str:edition_slug>/releases/", _not_yet, name="releases"),
]
