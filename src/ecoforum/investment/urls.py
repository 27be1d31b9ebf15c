"""Public pages of green investment, under ``/<edition>/``."""

from django.urls import path

from . import views

app_name = "investment"
urlpatterns = [
    path("projects/", views.projects, name="projects"),
    path("projects/<id:pk>/", views.project_detail, name="project"),
]
