"""The exchange platform's directory under /<edition>/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "directory"
urlpatterns = [
    path("directory/", _not_yet, name="directory"),
]
