"""The guest's travel page, under ``/<edition>/registration/<token>/travel/`` (namespace ``services``)."""

from django.urls import path

from . import travel_views as views

urlpatterns = [
    path("registration/<str:token>/travel/", views.travel_page, name="travel"),
]
