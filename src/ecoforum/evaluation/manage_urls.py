"""Organizers' pages of the evaluation under /manage/."""

from django.urls import path

from . import manage_views

app_name = "manage_evaluation"
urlpatterns: list = [
    path("<str:edition_slug>/evaluation/", manage_views.overview, name="overview"),
    path("<str:edition_slug>/evaluation/footprint/", manage_views.footprint_inputs, name="footprint"),
]

# --- surveys
from . import survey_manage_views  # noqa: E402

_surveys = "<str:edition_slug>/evaluation/surveys/"
urlpatterns += [
    path(_surveys, survey_manage_views.survey_list, name="surveys"),
    path(f"{_surveys}new/", survey_manage_views.survey_edit, name="survey_create"),
    path(f"{_surveys}<slug:slug>/", survey_manage_views.survey_edit, name="survey"),
    path(f"{_surveys}<slug:slug>/state/", survey_manage_views.survey_state, name="survey_state"),
    path(f"{_surveys}<slug:slug>/questions/", survey_manage_views.question_add, name="question_add"),
    path(f"{_surveys}<slug:slug>/questions/<int:pk>/", survey_manage_views.question_edit, name="question"),
    path(
        f"{_surveys}<slug:slug>/questions/<int:pk>/action/",
        survey_manage_views.question_action,
        name="question_action",
    ),
    path(f"{_surveys}<slug:slug>/results/", survey_manage_views.survey_results, name="survey_results"),
    path(f"{_surveys}<slug:slug>/answers.xlsx", survey_manage_views.survey_answers_xlsx, name="survey_answers"),
]

# --- report
from . import report_views  # noqa: E402

urlpatterns += [
    path("<str:edition_slug>/evaluation/report/", report_views.report_page, name="report"),
]
