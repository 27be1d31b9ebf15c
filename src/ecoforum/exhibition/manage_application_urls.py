"""The organizers' booth applications, under ``/manage/<edition>/exhibition/applications/``."""

from django.urls import path

from . import application_views as views

urlpatterns = [
    path("applications/", views.board, name="applications"),
    path("applications/<id:pk>/reserve/", views.reserve, name="application_reserve"),
    path("applications/<id:pk>/confirm/", views.confirm, name="application_confirm"),
    path("applications/<id:pk>/decline/", views.decline, name="application_decline"),
    path("applications/<id:pk>/release/", views.release, name="application_release"),
]
