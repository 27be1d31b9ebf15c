"""The organizers' pages of the signings, under ``/manage/<edition>/investment/`` (namespace ``manage_investment``)."""

from django.urls import path

from . import signing_views as views

urlpatterns = [
    path("signings/", views.manage_signings, name="signings"),
    path("signings/new/", views.signing_create, name="signing_create"),
    path("signings/<id:pk>/", views.signing_edit, name="signing_edit"),
    path("signings/<id:pk>/delete/", views.signing_delete, name="signing_delete"),
    path("signings/<id:pk>/move/", views.signing_move, name="signing_move"),
]
