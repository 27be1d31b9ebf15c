"""The organizers' booth editor, under ``/manage/<edition>/exhibition/floorplan/``."""

from django.urls import path

from . import floorplan_views as views

urlpatterns = [
    path("floorplan/", views.editor, name="floorplan"),
    path("floorplan/booths/add/", views.booth_add, name="floorplan_booth_add"),
    path("floorplan/booths/<id:pk>/", views.booth_edit, name="floorplan_booth"),
    path("floorplan/booths/<id:pk>/delete/", views.booth_delete, name="floorplan_booth_delete"),
    path("floorplan/halls/add/", views.hall_add, name="floorplan_hall_add"),
    path("floorplan/halls/<id:pk>/", views.hall_edit, name="floorplan_hall"),
    path("floorplan/zones/add/", views.zone_add, name="floorplan_zone_add"),
    path("floorplan/zones/<id:pk>/", views.zone_edit, name="floorplan_zone"),
    path("floorplan/import/", views.geometry_import, name="floorplan_import"),
]
