"""The public floor plan, under ``/<edition>/``."""

from django.urls import path

from . import floorplan_views as views

urlpatterns = [
    path("floorplan/", views.plan, name="floorplan"),
]
