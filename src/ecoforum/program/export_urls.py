"""Standard exports of an edition's schedule, under ``/<edition>/``."""

from django.urls import path

from . import export_views

app_name = "program_exports"
urlpatterns = [
    path("schedule.ics", export_views.schedule_export, {"identifier": "schedule.ics"}, name="schedule_ics"),
    path("schedule.xml", export_views.schedule_export, {"identifier": "schedule.xml"}, name="schedule_xml"),
    path("schedule.json", export_views.schedule_export, {"identifier": "schedule.json"}, name="schedule_json"),
    path("agenda/<slug:token>.ics", export_views.agenda_ics, name="agenda_ics"),
]
