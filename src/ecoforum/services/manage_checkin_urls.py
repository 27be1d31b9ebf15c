"""Badges and check-in in the back office, under ``/manage/<edition>/services/`` (namespace ``manage_services``)."""

from django.urls import path

from . import badge_views, checkin_views

urlpatterns = [
    path("badges/", badge_views.manage_badges, name="badges"),
    path("badges/find", badge_views.find_badge, name="badge_find"),
    path("badges/<str:reference>.pdf", badge_views.manage_badge_pdf, name="badge_pdf"),
    path("scan/", checkin_views.scan_page, name="scan"),
    path("scan/submit", checkin_views.scan_submit, name="scan_submit"),
    path("checkins/", checkin_views.counts_page, name="checkins"),
]
