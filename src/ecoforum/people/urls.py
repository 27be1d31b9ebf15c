"""The invitee's private RSVP page, under ``/rsvp/<token>/``."""

from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("<str:token>/", views.rsvp, name="rsvp"),
]
