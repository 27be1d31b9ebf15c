"""Search under /<edition>/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "search"
urlpatterns = [
    path("search/", _not_yet, name="search"),
]
