"""The surveys API, a router mounted on the evaluation router (``/api/editions/``).

- ``GET /{edition_slug}/surveys``: the published surveys open now, with their questions (public).
- ``POST /{edition_slug}/surveys/{slug}/responses``: the signed-in user answers (session with its
  CSRF token; a survey is answered by a person, never by a machine's token). Body: the answers
  by question id: a number (rating 1–5, scale 0–10), a choice's position from 0, a list of
  positions, or a text. 201; 409 answered already; 422 an answer the question does not take
  (``field`` names the question, ``q<id>``) or a survey not open; 403 not of its audience.
- ``GET /{edition_slug}/surveys/{slug}/results``: count, average, NPS, distribution and texts per
  question; organizers and committee staff only (``evaluation.view_evaluation``).

Guests who answer by their registration's private link use the page, not the API.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from ninja.security import APIKeyCookie
from ninja.utils import check_csrf

from ecoforum.forums import queries as forum_queries
from ecoforum.forums.models import Edition

from . import survey_queries as queries
from .enums import QuestionKind
from .exceptions import NotAllowed
from .models import Survey, SurveyQuestion
from .survey_answers import submit_response
from .survey_services import RANGES

router = Router(tags=["surveys"])


class SurveySessionAuth(APIKeyCookie):
    """Django's session cookie, with the CSRF check of a form post for every unsafe method."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if check_csrf(request) is not None:
            raise NotAllowed(_("The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."))
        return user

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - __call__ decides
        return None


SESSION = SurveySessionAuth()


# --- schemas --------------------------------------------------------------------------------------


class SurveyProblem(Schema):
    detail: str = Field(description="What went wrong, in the request's language.")
    field: str = Field("", description="The field at fault (``q<id>`` for a question), when there is one.")


class SurveyQuestionOut(Schema):
    id: int
    order: int
    kind: str = Field(description="rating (1–5), scale (0–10), choice, multiple, text")
    label: str
    help_text: str
    required: bool
    choices: list[str] = Field(description="For choice and multiple: the labels; answer with their positions from 0.")
    min: int | None = Field(None, description="Smallest number taken (rating, scale).")
    max: int | None = Field(None, description="Largest number taken (rating, scale).")


class SurveyOut(Schema):
    slug: str
    title: str
    intro: str
    audience: str = Field(description="guests, speakers, exhibitors, investors")
    is_anonymous: bool
    opens_at: dt.datetime
    closes_at: dt.datetime
    questions: list[SurveyQuestionOut]


class ResponseIn(Schema):
    answers: dict[int, int | list[int] | str | None] = Field(
        description="By question id: a number, a choice's position (from 0), a list of positions, or a text."
    )


class ResponseCreated(Schema):
    survey: str
    submitted_at: dt.datetime


class QuestionResultOut(Schema):
    id: int
    label: str
    kind: str
    count: int
    average: Decimal | None = None
    nps: Decimal | None = Field(None, description="For a 0–10 scale: % of 9–10 minus % of 0–6.")
    distribution: list[tuple[str, int]]
    texts: list[str]


class SurveyResultsOut(Schema):
    slug: str
    title: str
    response_count: int
    by_day: list[tuple[dt.date, int]]
    questions: list[QuestionResultOut]


def question_out(question: SurveyQuestion) -> SurveyQuestionOut:
    low, high = RANGES.get(QuestionKind(question.kind), (None, None))
    many = question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE)
    return SurveyQuestionOut(
        id=question.pk,
        order=question.order,
        kind=question.kind,
        label=question.label or "",
        help_text=question.help_text or "",
        required=question.required,
        choices=queries.choice_labels(question) if many else [],
        min=low,
        max=high,
    )


def survey_out(survey: Survey) -> SurveyOut:
    questions = sorted(survey.questions.all(), key=lambda q: (q.order, q.pk))
    return SurveyOut(
        slug=survey.slug,
        title=survey.title or "",
        intro=survey.intro or "",
        audience=survey.audience,
        is_anonymous=survey.is_anonymous,
        opens_at=survey.opens_at,
        closes_at=survey.closes_at,
        questions=[question_out(q) for q in questions],
    )


# --- endpoints ------------------------------------------------------------------------------------


def _survey(edition: Edition, slug: str) -> Survey:
    survey = queries.survey_of(edition, slug)
    if survey is None or not survey.is_published:
        raise Http404("No such survey")
    return survey


@router.get(
    "/{edition_slug}/surveys",
    response={200: list[SurveyOut], 404: SurveyProblem},
    auth=None,
    summary="Open surveys of an edition",
)
def list_surveys(request: HttpRequest, edition_slug: str) -> list[SurveyOut]:
    """The published surveys open now, with their questions, in the request's language."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    return [survey_out(s) for s in queries.published_open(edition)]


@router.post(
    "/{edition_slug}/surveys/{slug}/responses",
    response={
        201: ResponseCreated,
        401: SurveyProblem,
        403: SurveyProblem,
        404: SurveyProblem,
        409: SurveyProblem,
        422: SurveyProblem,
    },
    auth=SESSION,
    summary="Answer a survey",
)
def create_response(request: HttpRequest, edition_slug: str, slug: str, payload: ResponseIn):
    user = request.auth  # type: ignore[attr-defined]
    edition = forum_queries.get_edition(edition_slug, user=user)
    survey = _survey(edition, slug)
    response = submit_response(
        survey,
        answers=dict(payload.answers),
        user=user,
        language=translation.get_language() or "zh-hans",
    )
    return Status(201, ResponseCreated(survey=survey.slug, submitted_at=response.submitted_at))


@router.get(
    "/{edition_slug}/surveys/{slug}/results",
    response={200: SurveyResultsOut, 401: SurveyProblem, 403: SurveyProblem, 404: SurveyProblem},
    auth=SESSION,
    summary="Results of a survey (organizers and staff)",
)
def get_results(request: HttpRequest, edition_slug: str, slug: str) -> SurveyResultsOut:
    user = request.auth  # type: ignore[attr-defined]
    edition = Edition.objects.select_related("forum").filter(slug=edition_slug).first()
    if edition is None or not user.has_perm("forums.view_backoffice", edition):
        raise Http404("No such edition")
    if not user.has_perm("evaluation.view_evaluation", edition):
        message = _("Only the organizers and staff of %(edition)s see its survey results.") % {"edition": edition.name}
        raise NotAllowed(message)
    survey = queries.survey_of(edition, slug)
    if survey is None:
        raise Http404("No such survey")
    results = queries.survey_results(survey)
    return SurveyResultsOut(
        slug=survey.slug,
        title=survey.title or "",
        response_count=results.response_count,
        by_day=results.by_day,
        questions=[
            QuestionResultOut(
                id=r.question.pk,
                label=r.question.label or "",
                kind=r.kind,
                count=r.count,
                average=r.average,
                nps=r.nps,
                distribution=r.distribution,
                texts=r.texts,
            )
            for r in results.questions
        ],
    )
