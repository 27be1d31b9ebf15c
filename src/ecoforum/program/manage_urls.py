"""The organizers' back office for the program, under ``/manage/``."""

from django.urls import path

from . import manage_views as views

app_name = "manage"
urlpatterns = [
    path("", views.index, name="index"),
    path("<str:edition_slug>/program/", views.program, name="program"),
    path("<str:edition_slug>/program/sessions/new/", views.session_create, name="session_create"),
    path("<str:edition_slug>/program/sessions/<id:pk>/", views.session_edit, name="session_edit"),
    path("<str:edition_slug>/program/sessions/<id:pk>/schedule/", views.session_schedule, name="session_schedule"),
    path("<str:edition_slug>/program/sessions/<id:pk>/people/", views.session_people, name="session_people"),
    path("<str:edition_slug>/program/release/", views.release, name="release"),
    path("<str:edition_slug>/program/import/", views.import_program, name="import"),
    path("<str:edition_slug>/program/export.xlsx", views.export_program, name="export"),
]
