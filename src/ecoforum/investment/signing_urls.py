"""The public page of the edition's signings, under ``/<edition>/`` (namespace ``investment``)."""

from django.urls import path

from . import signing_views

urlpatterns = [
    path("signings/", signing_views.signings_page, name="signings"),
]
