"""The practice-innovation platform's cases, at /cases/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "cases"
urlpatterns = [
    path("", _not_yet, name="cases"),
    path("<slug:slug>/", _not_yet, name="case"),
]
