"""Hotels, transport and meals in the back office, under ``/manage/<edition>/services/`` (namespace
``manage_services``)."""

from django.urls import path

from . import logistics_views as views

urlpatterns = [
    path("hotels/", views.hotels_page, name="hotels"),
    path("hotels/blocks/", views.room_block, name="room_block"),
    path("hotels/guests/<id:registration_pk>/room/", views.room_allocate, name="room_allocate"),
    path("hotels/rooms/<id:pk>/release/", views.room_release, name="room_release"),
    path("hotels/<id:pk>/rooming.xlsx", views.rooming_xlsx, name="rooming_xlsx"),
    path("transport/", views.transport_page, name="transport"),
    path("transport/legs/", views.leg_set, name="leg_set"),
    path("transport/legs/<id:pk>/assign/", views.leg_assign, name="leg_assign"),
    path("transport/legs/<id:pk>/unassign/", views.leg_unassign, name="leg_unassign"),
    path("transport/runs/", views.run_create, name="run_create"),
    path("transport/runs/suggest/", views.runs_suggest, name="runs_suggest"),
    path("transport/runs/<id:pk>/", views.run_manifest, name="run_manifest"),
    path("transport/runs/<id:pk>/manifest.xlsx", views.run_manifest_xlsx, name="run_manifest_xlsx"),
    path("transport/runs/<id:pk>/change/", views.run_change, name="run_change"),
    path("transport/runs/<id:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("meals/", views.meals_page, name="meals"),
    path("meals.xlsx", views.meals_xlsx, name="meals_xlsx"),
]
