"""Organizers' release pages under /manage/."""

from django.urls import path

from . import manage_views

app_name = "manage_releases"
urlpatterns = [
    path("<str:edition_slug>/releases/", manage_views.release_list, name="releases"),
    path("<str:edition_slug>/releases/new/", manage_views.release_edit, name="create"),
    path("<str:edition_slug>/releases/<int:pk>/", manage_views.release_edit, name="release"),
    path("<str:edition_slug>/releases/<int:pk>/versions/", manage_views.add_version, name="add_version"),
    path("<str:edition_slug>/releases/<int:pk>/publish/", manage_views.publish, name="publish"),
    path("<str:edition_slug>/releases/<int:pk>/signatories.csv", manage_views.signatories_csv, name="signatories"),
]
