"""Organizers' pages of the outcomes under /manage/."""

from django.urls import path

from . import manage_views

app_name = "manage_outcomes"
urlpatterns = [
    path("<str:edition_slug>/outcomes/", manage_views.dashboard, name="dashboard"),
    path("<str:edition_slug>/outcomes/all/", manage_views.outcome_list, name="list"),
    path("<str:edition_slug>/outcomes/all.xlsx", manage_views.list_xlsx, name="list_xlsx"),
    path("<str:edition_slug>/outcomes/overdue/", manage_views.overdue, name="overdue"),
    path("<str:edition_slug>/outcomes/overdue.xlsx", manage_views.overdue_xlsx, name="overdue_xlsx"),
    path("<str:edition_slug>/outcomes/follow/", manage_views.follow, name="follow"),
    path("<str:edition_slug>/outcomes/new/", manage_views.create, name="new"),
    path("<str:edition_slug>/outcomes/<str:code>/", manage_views.outcome_page, name="outcome"),
]
