"""Public pages of an edition, under ``/<edition>/``."""

from django.urls import path

from . import views

app_name = "program"
urlpatterns = [
    path("", views.edition_home, name="home"),
    path("program/", views.program, name="program"),
    path("program/changes/", views.program_changes, name="changes"),
    path("forums/<slug:slug>/", views.theme_forum, name="theme_forum"),
    path("sessions/<id:pk>/", views.session_detail, name="session"),
    path("speakers/", views.speakers, name="speakers"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("experts/", views.experts, name="experts"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/star/<id:session_pk>/", views.star, name="star"),
]
