"""The think tank's expert registry across editions, at /think-tank/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "thinktank"
urlpatterns = [
    path("", _not_yet, name="experts"),
    path("<slug:slug>/", _not_yet, name="expert"),
]
