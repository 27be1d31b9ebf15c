"""The organizers' survey pages under ``/manage/<edition>/evaluation/surveys/`` (namespace ``manage_evaluation``).

The list (response counts, open or closed), the editor of a survey and its questions, publishing,
closing and reopening, the results with their charts, and every answer as a workbook. Committee
staff read (``evaluation.view_evaluation``); organizers change (``evaluation.manage_evaluation``).
An edition the user has no part in is a 404, a survey of another edition too; every refusal of
a service comes back as a message naming the survey or the question, with nothing changed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecoforum.core.audit import log_action
from ecoforum.core.charts import Row
from ecoforum.forums.models import Edition
from ecoforum.forums.views import committee_edition

from . import survey_queries as queries
from . import survey_services as services
from .enums import QuestionKind
from .exceptions import EvaluationError, NotAllowed
from .models import Survey, SurveyQuestion
from .survey_exports import SurveyAnswersExport
from .survey_forms import QuestionForm, ReopenForm, SurveyForm

VIEW = "evaluation.view_evaluation"
MANAGE = "evaluation.manage_evaluation"


def _survey(edition: Edition, slug: str) -> Survey:
    survey = queries.survey_of(edition, slug)
    if survey is None:
        raise Http404("No such survey")
    return survey


def _question(survey: Survey, pk: int) -> SurveyQuestion:
    question = SurveyQuestion.objects.filter(survey=survey, pk=pk).select_related("survey__edition").first()
    if question is None:
        raise Http404("No such question")
    return question


def _state(survey: Survey, now) -> str:
    if not survey.is_published:
        return "draft"
    if now < survey.opens_at:
        return "scheduled"
    return "open" if now < survey.closes_at else "closed"


def _local(moment, edition: Edition):
    return timezone.localtime(moment, edition.tz).replace(tzinfo=None)


def _to_editor(survey: Survey) -> HttpResponse:
    return redirect("manage_evaluation:survey", edition_slug=survey.edition.slug, slug=survey.slug)


@require_GET
def survey_list(request: HttpRequest, edition_slug: str) -> HttpResponse:
    edition = committee_edition(request, edition_slug, VIEW)
    now = timezone.now()
    surveys = list(queries.surveys_of(edition))
    for survey in surveys:
        survey.state = _state(survey, now)  # type: ignore[attr-defined]
    context = {
        "edition": edition,
        "surveys": surveys,
        "may_manage": request.user.has_perm(MANAGE, edition),
        "menu": "surveys",
    }
    return render(request, "evaluation/surveys/manage/list.html", context)


def _editor_context(request: HttpRequest, edition: Edition, survey: Survey | None, **extra) -> dict:
    context = {
        "edition": edition,
        "survey": survey,
        "menu": "surveys",
        "questions": queries.questions_of(survey) if survey else [],
        "question_form": QuestionForm(),
        "reopen_form": ReopenForm(),
        "state": _state(survey, timezone.now()) if survey else "draft",
        "answered": bool(survey and services.has_answers(survey)),
    }
    context.update(extra)
    return context


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, edition_slug: str, slug: str | None = None) -> HttpResponse:
    """Create a survey (no ``slug``) or change one; its questions are listed and added below."""
    edition = committee_edition(request, edition_slug, MANAGE)
    survey = _survey(edition, slug) if slug else None
    status = 200
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            try:
                if survey is None:
                    survey = services.create_survey(edition, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("«%(title)s» was added.") % {"title": survey.title})
                else:
                    survey = services.change_survey(survey, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("«%(title)s» was saved.") % {"title": survey.title})
                return _to_editor(survey)
            except NotAllowed as error:
                raise PermissionDenied(str(error.message)) from error
            except EvaluationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
        status = 422
    elif survey is not None:
        initial = {name: getattr(survey, name) for name in SurveyForm.base_fields}
        initial["opens_at"] = _local(survey.opens_at, edition)
        initial["closes_at"] = _local(survey.closes_at, edition)
        form = SurveyForm(initial=initial)
    else:
        form = SurveyForm(initial={"is_anonymous": True})
    context = _editor_context(request, edition, survey, form=form)
    return render(request, "evaluation/surveys/manage/edit.html", context, status=status)


@require_POST
def question_add(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    edition = committee_edition(request, edition_slug, MANAGE)
    survey = _survey(edition, slug)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.add_question(survey, actor=request.user, **form.cleaned_data)
        except NotAllowed as error:
            raise PermissionDenied(str(error.message)) from error
        except EvaluationError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error.message))
        else:
            messages.success(request, _("The question was added to «%(title)s».") % {"title": survey.title})
            return _to_editor(survey)
    context = _editor_context(request, edition, survey, form=_survey_form(survey), question_form=form)
    return render(request, "evaluation/surveys/manage/edit.html", context, status=422)


def _survey_form(survey: Survey) -> SurveyForm:
    initial = {name: getattr(survey, name) for name in SurveyForm.base_fields}
    initial["opens_at"] = _local(survey.opens_at, survey.edition)
    initial["closes_at"] = _local(survey.closes_at, survey.edition)
    return SurveyForm(initial=initial)


@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, edition_slug: str, slug: str, pk: int) -> HttpResponse:
    edition = committee_edition(request, edition_slug, MANAGE)
    survey = _survey(edition, slug)
    question = _question(survey, pk)
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.change_question(question, actor=request.user, **form.cleaned_data)
            except NotAllowed as error:
                raise PermissionDenied(str(error.message)) from error
            except EvaluationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error.message))
            else:
                messages.success(request, _("The question was saved."))
                return _to_editor(survey)
        status = 422
    else:
        form = QuestionForm(initial=QuestionForm.initial_of(question))
    context = {"edition": edition, "survey": survey, "question": question, "form": form, "menu": "surveys"}
    return render(request, "evaluation/surveys/manage/question.html", context, status=status)


@require_POST
def question_action(request: HttpRequest, edition_slug: str, slug: str, pk: int) -> HttpResponse:
    """Remove a question, or move it up or down (``action``)."""
    edition = committee_edition(request, edition_slug, MANAGE)
    survey = _survey(edition, slug)
    question = _question(survey, pk)
    action = request.POST.get("action", "")
    try:
        if action == "remove":
            services.remove_question(question, actor=request.user)
            messages.success(request, _("«%(label)s» was removed.") % {"label": question.label})
        elif action in ("up", "down"):
            services.move_question(question, actor=request.user, up=action == "up")
        else:
            messages.error(request, _("Unknown action."))
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except EvaluationError as error:
        messages.error(request, str(error.message))
    return _to_editor(survey)


@require_POST
def survey_state(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    """Publish, unpublish, close now, or reopen until a new closing time (``action``)."""
    edition = committee_edition(request, edition_slug, MANAGE)
    survey = _survey(edition, slug)
    action = request.POST.get("action", "")
    try:
        if action == "publish":
            services.publish_survey(survey, actor=request.user)
            messages.success(request, _("«%(title)s» is published.") % {"title": survey.title})
        elif action == "unpublish":
            services.unpublish_survey(survey, actor=request.user)
            messages.success(request, _("«%(title)s» is a draft again.") % {"title": survey.title})
        elif action == "close":
            services.close_survey(survey, actor=request.user)
            messages.success(request, _("«%(title)s» is closed.") % {"title": survey.title})
        elif action == "reopen":
            form = ReopenForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("«%(title)s» needs a new closing time.") % {"title": survey.title})
            else:
                services.reopen_survey(survey, actor=request.user, closes_at=form.cleaned_data["closes_at"])
                messages.success(request, _("«%(title)s» is open again.") % {"title": survey.title})
        else:
            messages.error(request, _("Unknown action."))
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except EvaluationError as error:
        messages.error(request, str(error.message))
    return _to_editor(survey)


def _chart_rows(result: queries.QuestionResult) -> list[Row]:
    tone = "green"
    rows = []
    for label, count in result.distribution:
        if result.kind == QuestionKind.SCALE:
            number = int(label)
            tone = "green" if number >= 9 else ("grey" if number >= 7 else "red")
        rows.append(Row(label, count, str(count), tone))
    return rows


@require_GET
def survey_results(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    edition = committee_edition(request, edition_slug, VIEW)
    survey = _survey(edition, slug)
    results = queries.survey_results(survey)
    context = {
        "edition": edition,
        "survey": survey,
        "results": results,
        "items": [{"result": r, "rows": _chart_rows(r)} for r in results.questions],
        "by_day": [(day.strftime("%m-%d"), count) for day, count in results.by_day],
        "state": _state(survey, timezone.now()),
        "menu": "surveys",
    }
    return render(request, "evaluation/surveys/manage/results.html", context)


@require_GET
def survey_answers_xlsx(request: HttpRequest, edition_slug: str, slug: str) -> HttpResponse:
    """Every answer, one row per response (anonymous surveys without identity); each download audited."""
    edition = committee_edition(request, edition_slug, VIEW)
    survey = _survey(edition, slug)
    export = SurveyAnswersExport(survey)
    content = export.render()
    log_action(survey, "evaluation.survey.exported", actor=request.user, data={"rows": export.row_count})
    response = HttpResponse(content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name()}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
