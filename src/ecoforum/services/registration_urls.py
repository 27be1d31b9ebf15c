"""(being written: placeholders so that links between areas resolve)"""

from django.http import Http404
from django.urls import path


def _not_yet(request, *args, **kwargs):
    raise Http404


urlpatterns = [
    path("register/", _not_yet, name="register_index"),
    path("register/<slug:form_slug>/", _not_yet, name="register"),
    path("registration/<str:token>/", _not_yet, name="guest"),
]
