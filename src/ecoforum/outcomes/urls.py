"""Public pages of the outcomes under the edition."""

from django.urls import path

from . import views

app_name = "outcomes"
urlpatterns = [
    path("outcomes/", views.summary, name="summary"),
    path("outcomes/<str:code>/", views.outcome_detail, name="outcome"),
]
