"""Public survey pages under ``/<edition>/surveys/`` (namespace ``evaluation``).

``surveys/`` lists the surveys open to the visitor now; ``surveys/<slug>/`` is one survey.
A guest is recognised by the private token of their registration (``?r=<token>``, the link of
their registration page) or, like speakers, exhibitors and investors, by signing in. A survey
that is not open yet, closed, not for the visitor or already answered is a friendly page saying
so, never an error; an answer the question does not take comes back with a message naming it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from ecoforum.forums.models import Edition
from ecoforum.services.models import Registration

from . import survey_queries as queries
from .enums import QuestionKind
from .exceptions import AlreadyAnswered, InvalidAnswer, NotAllowed, SurveyClosed
from .models import Survey, SurveyQuestion
from .survey_answers import respondent_for, submit_response
from .survey_forms import answers_from_post
from .survey_services import RANGES


def _registration(request: HttpRequest, edition: Edition) -> Registration | None:
    token = (request.POST.get("r") or request.GET.get("r") or "").strip()
    if not token:
        return None
    return Registration.objects.filter(edition=edition, token=token).select_related("person").first()


def _survey_url(survey: Survey, token: str = "") -> str:
    url = reverse("evaluation:survey", kwargs={"edition": survey.edition.slug, "slug": survey.slug})
    return f"{url}?{urlencode({'r': token})}" if token else url


def _rows(questions: list[SurveyQuestion], values: dict[int, Any], errors: dict[str, str]) -> list[dict]:
    rows = []
    for question in questions:
        value = values.get(question.pk)
        row: dict[str, Any] = {
            "question": question,
            "name": f"q{question.pk}",
            "error": errors.get(f"q{question.pk}", ""),
            "value": "" if value is None or isinstance(value, list) else str(value),
        }
        if question.kind in RANGES:
            low, high = RANGES[QuestionKind(question.kind)]
            row["options"] = [(str(n), str(n)) for n in range(low, high + 1)]
        elif question.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            chosen = {str(v) for v in value} if isinstance(value, list) else {str(value)}
            row["options"] = [(str(i), label) for i, label in enumerate(queries.choice_labels(question))]
            row["chosen"] = chosen
        rows.append(row)
    return rows


def _page(request: HttpRequest, survey: Survey, state: str, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = {"edition": survey.edition, "survey": survey, "state": state, **extra}
    return render(request, "evaluation/surveys/survey.html", context, status=status)


@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, edition: Edition, slug: str) -> HttpResponse:
    survey = queries.survey_of(edition, slug)
    if survey is None or not survey.is_published:
        raise Http404("No such survey")
    now = timezone.now()
    if now < survey.opens_at:
        return _page(request, survey, "not_yet")
    if now >= survey.closes_at:
        return _page(request, survey, "closed")
    registration = _registration(request, edition)
    token = registration.token if registration is not None else ""
    try:
        respondent = respondent_for(survey, user=request.user, registration=registration)
    except NotAllowed as error:
        login = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
        return _page(request, survey, "not_allowed", status=403, message=error.message, login_url=login)
    if queries.has_answered(survey, respondent.person):
        return _page(request, survey, "answered")
    questions = queries.questions_of(survey)
    values: dict[int, Any] = {}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        values = answers_from_post(questions, request.POST)
        try:
            submit_response(
                survey,
                answers=values,
                user=request.user if respondent.user is not None else None,
                registration=respondent.registration if registration is not None else None,
                language=translation.get_language() or "zh-hans",
            )
        except AlreadyAnswered:
            return _page(request, survey, "answered")
        except SurveyClosed:
            return _page(request, survey, "closed")
        except InvalidAnswer as error:
            errors[error.field] = str(error.message)
            status = 422
        else:
            return redirect(_survey_url(survey, token))
    return _page(
        request,
        survey,
        "open",
        status=status,
        rows=_rows(questions, values, errors),
        errors=list(errors.values()),
        token=token,
    )


@require_GET
def survey_list(request: HttpRequest, edition: Edition) -> HttpResponse:
    """The surveys the visitor may answer now (by the ``?r=`` token of a registration, or signed in)."""
    registration = _registration(request, edition)
    user = request.user if request.user.is_authenticated else None
    found = queries.surveys_open_to(edition, registration=registration, user=user)
    token = registration.token if registration is not None else ""
    items = [{"survey": s, "url": _survey_url(s, token)} for s in found]
    context = {
        "edition": edition,
        "items": items,
        "recognised": registration is not None or user is not None,
        "login_url": f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}",
    }
    return render(request, "evaluation/surveys/list.html", context)
