"""(being written: placeholders so that links between areas resolve)"""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("hotels/", _not_yet, name="hotels"),
    path("transport/", _not_yet, name="transport"),
    path("meals/", _not_yet, name="meals"),
]
