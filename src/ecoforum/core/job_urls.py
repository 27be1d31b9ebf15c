"""Addresses of background jobs, under ``/jobs/``."""

from django.urls import path

from . import job_views as views

urlpatterns = [
    path("<id:pk>/", views.job_detail, name="job"),
    path("<id:pk>/download", views.job_download, name="job_download"),
]
