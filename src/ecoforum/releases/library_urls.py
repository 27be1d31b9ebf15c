"""The theory-research platform's library across editions, at /library/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "library"
urlpatterns = [
    path("", _not_yet, name="library"),
]
