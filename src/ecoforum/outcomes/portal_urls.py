"""The responsible units' pages under /outcomes/ (their outcomes across editions)."""

from django.urls import path

from . import portal_views

app_name = "outcomes_portal"
urlpatterns = [
    path("", portal_views.mine, name="mine"),
    path("<str:edition>/<str:code>/", portal_views.report, name="report"),
    path("<str:edition>/<str:code>/evidence/<int:pk>/", portal_views.evidence, name="evidence"),
]
