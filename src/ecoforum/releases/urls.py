"""Releases under /<edition>/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "releases"
urlpatterns = [
    path("releases/", _not_yet, name="releases"),
    path("releases/<slug:slug>/", _not_yet, name="release"),
]
