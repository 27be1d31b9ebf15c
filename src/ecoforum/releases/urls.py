"""Releases under /<edition>/: the list, the citation page, files, endorsements."""

from django.urls import path

from . import views

app_name = "releases"
urlpatterns = [
    path("releases/", views.release_list, name="releases"),
    path("releases/<slug:slug>/", views.release_detail, name="release"),
    path("releases/<slug:slug>/file/", views.download, name="download"),
    path("releases/<slug:slug>/file/<str:number>/", views.download, name="download_version"),
    path("releases/<slug:slug>/endorse/", views.endorse, name="endorse"),
    path("releases/<slug:slug>/endorse/<str:token>/", views.confirm, name="confirm"),
]
