"""(being written: placeholders so that links between areas resolve)"""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("registration/<str:token>/travel/", _not_yet, name="travel"),
]
