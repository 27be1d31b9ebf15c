"""The forum's charter under ``/<edition>/charter/``."""

from django.urls import path

from . import views

app_name = "forums"
urlpatterns = [
    path("charter/", views.charter, name="charter"),
    path("charter/v<id:number>/", views.charter, name="charter_version"),
]
