"""Verifying an invitation letter, at /letters/ (placeholders while being written)."""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


app_name = "letters"
urlpatterns = [
    path("<str:token>/", _not_yet, name="verify"),
]
