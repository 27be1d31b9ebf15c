"""Surveys of an edition (问卷): the agreed names, from :mod:`.survey_services` (building surveys),
:mod:`.survey_answers` (answering) and :mod:`.survey_queries` (reads). Other modules (the KPIs,
the report, the API) import from here."""

from __future__ import annotations

from .survey_answers import Respondent, respondent_for, submit_response
from .survey_queries import (
    QuestionResult,
    SurveyResults,
    choice_labels,
    net_promoter_score,
    published_open,
    questions_of,
    satisfaction,
    survey_of,
    survey_results,
    surveys_of,
    surveys_open_to,
)
from .survey_services import (
    add_question,
    change_question,
    change_survey,
    close_survey,
    create_survey,
    is_open,
    move_question,
    publish_survey,
    remove_question,
    reopen_survey,
    unpublish_survey,
)

__all__ = [
    "QuestionResult",
    "Respondent",
    "SurveyResults",
    "add_question",
    "change_question",
    "change_survey",
    "choice_labels",
    "close_survey",
    "create_survey",
    "is_open",
    "move_question",
    "net_promoter_score",
    "publish_survey",
    "published_open",
    "questions_of",
    "remove_question",
    "reopen_survey",
    "respondent_for",
    "satisfaction",
    "submit_response",
    "survey_of",
    "survey_results",
    "surveys_of",
    "surveys_open_to",
    "unpublish_survey",
]
