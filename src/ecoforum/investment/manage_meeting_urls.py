"""The organizers' 1:1 meetings, under ``/manage/<edition>/investment/meetings/``."""

from django.urls import path

from . import meeting_views as views

urlpatterns = [
    path("meetings/", views.board, name="meetings"),
    path("meetings/grid/", views.set_up_grid, name="meetings_grid"),
    path("meetings/run/", views.run, name="meetings_run"),
    path("meetings/publish/", views.publish, name="meetings_publish"),
    path("meetings/<id:pk>/move/", views.move, name="meeting_move"),
    path("meetings/requests/<id:pk>/book/", views.book, name="meeting_book"),
    path("meetings/tables/", views.table_sheets, name="meeting_tables"),
    path("meetings/tables/<int:number>/", views.table_sheets, name="meeting_table"),
]
