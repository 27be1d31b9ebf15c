"""Public pages of the evaluation under the edition."""

from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns: list = [
    path("evaluation/", views.overview, name="overview"),
]

# --- surveys
from . import survey_views  # noqa: E402

urlpatterns += [
    path("surveys/", survey_views.survey_list, name="surveys"),
    path("surveys/<slug:slug>/", survey_views.survey_page, name="survey"),
]
