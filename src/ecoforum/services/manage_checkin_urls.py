"""(being written: placeholders so that links between areas resolve)"""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("badges/", _not_yet, name="badges"),
    path("scan/", _not_yet, name="scan"),
    path("checkins/", _not_yet, name="checkins"),
]
