"""The guest's own badge, under ``/<edition>/`` (namespace ``services``)."""

from django.urls import path

from . import badge_views as views

urlpatterns = [
    path("registration/<str:token>/badge.pdf", views.guest_badge, name="badge"),
]
