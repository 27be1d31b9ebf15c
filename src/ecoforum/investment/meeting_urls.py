"""A participant's own 1:1 meetings, under ``/<edition>/meetings/``."""

from django.urls import path

from . import meeting_views as views

urlpatterns = [
    path("meetings/", views.my_meetings, name="meetings"),
    path("meetings/calendar.ics", views.my_calendar, name="meetings_ics"),
    path("meetings/feed/<str:token>.ics", views.calendar_feed, name="meetings_feed"),
    path("meetings/<id:pk>/confirm/", views.confirm, name="meeting_confirm"),
    path("meetings/<id:pk>/cancel/", views.cancel, name="meeting_cancel"),
]
