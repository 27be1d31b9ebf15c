"""The practice-innovation platform's cases, at /cases/."""

from django.urls import path

from . import case_views

app_name = "cases"
urlpatterns = [
    path("", case_views.case_list, name="cases"),
    path("<slug:slug>/", case_views.case_page, name="case"),
]
