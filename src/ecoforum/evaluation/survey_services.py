"""Writes of the surveys: create and change a survey and its questions, publish, close, reopen.

Organizers (``evaluation.manage_evaluation`` on the edition) build the surveys. A survey that
has answers keeps its questions as they are (answers to choices are stored by position, so a
changed list of choices would change what old answers mean): changing, adding or removing a
question is refused, as is changing who it asks or whether it is anonymous.

Answering lives in :mod:`.survey_answers`. Every change is audited with
:func:`ecoforum.core.audit.log_action`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ecoforum.core.audit import diff, log_action, snapshot
from ecoforum.forums.models import Edition

from .enums import Audience, QuestionKind
from .exceptions import EvaluationError, NotAllowed
from .models import Survey, SurveyQuestion, SurveyResponse

SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,60}$")
SURVEY_FIELDS = [
    "slug",
    "title_zh_hans",
    "title_en",
    "intro_zh_hans",
    "intro_en",
    "audience",
    "is_anonymous",
    "opens_at",
    "closes_at",
]
QUESTION_FIELDS = [
    "kind",
    "label_zh_hans",
    "label_en",
    "help_text_zh_hans",
    "help_text_en",
    "choices_zh_hans",
    "choices_en",
    "required",
    "measures_satisfaction",
]
#: Fields that change what the answers already given mean: frozen once a survey has answers.
FROZEN_WITH_ANSWERS = {"audience", "is_anonymous"}
RANGES = {QuestionKind.RATING: (1, 5), QuestionKind.SCALE: (0, 10)}
MAX_TEXT = 4000
MAX_CHOICES = 30


# --- permissions and small reads ----------------------------------------------------------------


def require_manager(actor: Any, edition: Edition) -> None:
    if actor is None or not actor.has_perm("evaluation.manage_evaluation", edition):
        raise NotAllowed(_("Only the organizers of %(edition)s may change its surveys.") % {"edition": edition.name})


def choice_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def choices_in(question: SurveyQuestion) -> tuple[list[str], list[str]]:
    """The question's choices in Chinese and in English (the modeltranslation fields)."""
    return choice_lines(getattr(question, "choices_zh_hans", "")), choice_lines(getattr(question, "choices_en", ""))


def choice_count(question: SurveyQuestion) -> int:
    """How many choices the question offers (the longer of its two lists; they should be equal)."""
    zh, en = choices_in(question)
    return max(len(zh), len(en))


def question_label(question: SurveyQuestion) -> str:
    return question.label or question.label_zh_hans or question.label_en


def is_open(survey: Survey, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return survey.is_published and survey.opens_at <= now < survey.closes_at


def has_answers(survey: Survey) -> bool:
    return SurveyResponse.objects.filter(survey=survey).exists()


def local_time(moment: dt.datetime, edition: Edition) -> str:
    return formats.date_format(timezone.localtime(moment, edition.tz), "Y-m-d H:i")


# --- surveys --------------------------------------------------------------------------------------


def _clean_survey(edition: Edition, fields: dict[str, Any], *, survey: Survey | None) -> dict[str, Any]:
    values = {name: fields[name] for name in SURVEY_FIELDS if name in fields}
    for name in ("slug", "title_zh_hans", "title_en", "intro_zh_hans", "intro_en"):
        if name in values:
            values[name] = (values[name] or "").strip()
    slug = values.get("slug", survey.slug if survey else "")
    if not SLUG.match(slug or ""):
        raise EvaluationError(
            _("«%(slug)s» is not a valid address: use letters, digits and hyphens (at most 60).") % {"slug": slug},
            field="slug",
        )
    taken = Survey.objects.filter(edition=edition, slug=slug)
    if survey is not None:
        taken = taken.exclude(pk=survey.pk)
    if taken.exists():
        raise EvaluationError(
            _("%(edition)s already has a survey at «%(slug)s».") % {"edition": edition.name, "slug": slug},
            field="slug",
        )
    title_zh = values.get("title_zh_hans", survey.title_zh_hans if survey else "")
    title_en = values.get("title_en", survey.title_en if survey else "")
    if not (title_zh or title_en):
        raise EvaluationError(_("A survey needs a title, in Chinese or in English."), field="title_zh_hans")
    title = title_zh or title_en
    audience = values.get("audience", survey.audience if survey else Audience.GUESTS)
    if audience not in Audience.values:
        raise EvaluationError(_("«%(value)s» is not an audience of surveys.") % {"value": audience}, field="audience")
    for name in ("opens_at", "closes_at"):
        if name in values:
            moment = values[name]
            if not isinstance(moment, dt.datetime):
                raise EvaluationError(
                    _("«%(title)s» needs an opening and a closing time.") % {"title": title}, field=name
                )
            if timezone.is_naive(moment):
                values[name] = timezone.make_aware(moment, edition.tz)
    opens_at = values.get("opens_at", survey.opens_at if survey else None)
    closes_at = values.get("closes_at", survey.closes_at if survey else None)
    if opens_at is None or closes_at is None:
        raise EvaluationError(
            _("«%(title)s» needs an opening and a closing time.") % {"title": title}, field="opens_at"
        )
    if closes_at <= opens_at:
        raise EvaluationError(
            _("«%(title)s» must close after it opens.") % {"title": title},
            field="closes_at",
        )
    if survey is not None and has_answers(survey):
        for name in FROZEN_WITH_ANSWERS & set(values):
            if values[name] != getattr(survey, name):
                raise EvaluationError(
                    _("«%(title)s» has answers already: who it asks and whether it is anonymous stay as they are.")
                    % {"title": survey.title},
                    field=name,
                )
    return values


def create_survey(edition: Edition, *, actor: Any, is_demo: bool = False, **fields: Any) -> Survey:
    """A new survey (unpublished) of ``edition``; ``fields`` are those of :data:`SURVEY_FIELDS`."""
    require_manager(actor, edition)
    values = _clean_survey(edition, fields, survey=None)
    with transaction.atomic(durable=True):
        survey = Survey.objects.create(edition=edition, is_demo=is_demo, **values)
        log_action(survey, "evaluation.survey.created", actor=actor, data={"slug": survey.slug})
    return survey


def change_survey(survey: Survey, *, actor: Any, **fields: Any) -> Survey:
    require_manager(actor, survey.edition)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        values = _clean_survey(survey.edition, fields, survey=survey)
        before = snapshot(survey, list(values))
        for name, value in values.items():
            setattr(survey, name, value)
        changes = diff(before, snapshot(survey, list(values)))
        if changes:
            survey.save(update_fields=list(values))
            log_action(survey, "evaluation.survey.changed", actor=actor, data=changes)
    return survey


def publish_survey(survey: Survey, *, actor: Any) -> Survey:
    """Publish: the survey takes answers between its opening and closing times."""
    require_manager(actor, survey.edition)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        if not SurveyQuestion.objects.filter(survey=survey).exists():
            raise EvaluationError(_("«%(title)s» has no question yet.") % {"title": survey.title})
        if not survey.is_published:
            survey.is_published = True
            survey.save(update_fields=["is_published"])
            log_action(survey, "evaluation.survey.published", actor=actor)
    return survey


def unpublish_survey(survey: Survey, *, actor: Any) -> Survey:
    """Take a survey back to draft (only while it has no answers)."""
    require_manager(actor, survey.edition)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        if has_answers(survey):
            raise EvaluationError(_("«%(title)s» has answers already: close it instead.") % {"title": survey.title})
        if survey.is_published:
            survey.is_published = False
            survey.save(update_fields=["is_published"])
            log_action(survey, "evaluation.survey.unpublished", actor=actor)
    return survey


def close_survey(survey: Survey, *, actor: Any, now: dt.datetime | None = None) -> Survey:
    """Close an open survey now: its closing time becomes this moment."""
    require_manager(actor, survey.edition)
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        if now >= survey.closes_at:
            raise EvaluationError(
                _("«%(title)s» closed already, on %(when)s.")
                % {"title": survey.title, "when": local_time(survey.closes_at, survey.edition)}
            )
        if now <= survey.opens_at:
            raise EvaluationError(
                _("«%(title)s» has not opened yet: change its times instead.") % {"title": survey.title}
            )
        before = survey.closes_at
        survey.closes_at = now
        survey.save(update_fields=["closes_at"])
        log_action(survey, "evaluation.survey.closed", actor=actor, data={"closes_at": [before, now]})
    return survey


def reopen_survey(survey: Survey, *, actor: Any, closes_at: dt.datetime, now: dt.datetime | None = None) -> Survey:
    """Open a closed survey again until ``closes_at`` (later than now, within the survey's own opening)."""
    require_manager(actor, survey.edition)
    now = now or timezone.now()
    if timezone.is_naive(closes_at):
        closes_at = timezone.make_aware(closes_at, survey.edition.tz)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        if closes_at <= now or closes_at <= survey.opens_at:
            raise EvaluationError(
                _("«%(title)s» can only reopen until a time still to come.") % {"title": survey.title},
                field="closes_at",
            )
        if now < survey.opens_at:
            raise EvaluationError(
                _("«%(title)s» has not opened yet: change its times instead.") % {"title": survey.title}
            )
        before = survey.closes_at
        survey.closes_at = closes_at
        survey.save(update_fields=["closes_at"])
        log_action(survey, "evaluation.survey.reopened", actor=actor, data={"closes_at": [before, closes_at]})
    return survey


# --- questions ------------------------------------------------------------------------------------


def _refuse_if_answered(survey: Survey) -> None:
    if has_answers(survey):
        raise EvaluationError(
            _("«%(title)s» has answers already: its questions can no longer change (answers are stored by position).")
            % {"title": survey.title}
        )


def _clean_question(fields: dict[str, Any], *, question: SurveyQuestion | None) -> dict[str, Any]:
    values = {name: fields[name] for name in QUESTION_FIELDS if name in fields}
    for name in ("label_zh_hans", "label_en", "help_text_zh_hans", "help_text_en"):
        if name in values:
            values[name] = (values[name] or "").strip()
    for name in ("choices_zh_hans", "choices_en"):
        if name in values:
            values[name] = "\n".join(choice_lines(values[name]))

    def current(name: str, default: Any = "") -> Any:
        return values.get(name, getattr(question, name) if question else default)

    kind = current("kind")
    if kind not in QuestionKind.values:
        raise EvaluationError(_("«%(kind)s» is not a kind of question.") % {"kind": kind}, field="kind")
    label = current("label_zh_hans") or current("label_en")
    if not label:
        raise EvaluationError(_("A question needs its text, in Chinese or in English."), field="label_zh_hans")
    zh, en = choice_lines(current("choices_zh_hans")), choice_lines(current("choices_en"))
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        if len(zh or en) < 2:
            raise EvaluationError(
                _("«%(label)s» needs at least two choices, one per line.") % {"label": label}, field="choices_zh_hans"
            )
        if zh and en and len(zh) != len(en):
            raise EvaluationError(
                _("«%(label)s» has %(zh)s choices in Chinese and %(en)s in English: give the same lines in both.")
                % {"label": label, "zh": len(zh), "en": len(en)},
                field="choices_en",
            )
        if len(zh or en) > MAX_CHOICES:
            raise EvaluationError(
                _("«%(label)s» has more than %(max)s choices.") % {"label": label, "max": MAX_CHOICES},
                field="choices_zh_hans",
            )
    elif zh or en:
        values["choices_zh_hans"] = values["choices_en"] = ""
    if current("measures_satisfaction", False) and kind != QuestionKind.RATING:
        raise EvaluationError(
            _("«%(label)s»: only a 1–5 rating measures satisfaction.") % {"label": label},
            field="measures_satisfaction",
        )
    return values


def add_question(survey: Survey, *, actor: Any, **fields: Any) -> SurveyQuestion:
    """Add a question at the end of ``survey``; ``fields`` are those of :data:`QUESTION_FIELDS`."""
    require_manager(actor, survey.edition)
    values = _clean_question(fields, question=None)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        _refuse_if_answered(survey)
        last = SurveyQuestion.objects.filter(survey=survey).aggregate(last=Max("order"))["last"]
        question = SurveyQuestion.objects.create(survey=survey, order=(last or 0) + 1, **values)
        log_action(
            question,
            "evaluation.question.added",
            actor=actor,
            data={"survey": survey.slug, "kind": question.kind},
            edition_id=survey.edition_id,
        )
    return question


def change_question(question: SurveyQuestion, *, actor: Any, **fields: Any) -> SurveyQuestion:
    survey = question.survey
    require_manager(actor, survey.edition)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        _refuse_if_answered(survey)
        question = SurveyQuestion.objects.get(pk=question.pk)
        values = _clean_question(fields, question=question)
        before = snapshot(question, list(values))
        for name, value in values.items():
            setattr(question, name, value)
        changes = diff(before, snapshot(question, list(values)))
        if changes:
            question.save(update_fields=list(values))
            log_action(question, "evaluation.question.changed", actor=actor, data=changes, edition_id=survey.edition_id)
    return question


def remove_question(question: SurveyQuestion, *, actor: Any) -> None:
    survey = question.survey
    require_manager(actor, survey.edition)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        _refuse_if_answered(survey)
        if survey.is_published and SurveyQuestion.objects.filter(survey=survey).count() == 1:
            raise EvaluationError(
                _("«%(title)s» is published: it keeps at least one question.") % {"title": survey.title}
            )
        log_action(
            question,
            "evaluation.question.removed",
            actor=actor,
            data={"survey": survey.slug, "label": question.label},
            edition_id=survey.edition_id,
        )
        question.delete()


def move_question(question: SurveyQuestion, *, actor: Any, up: bool) -> None:
    """Swap a question with the one before (``up``) or after it."""
    survey = question.survey
    require_manager(actor, survey.edition)
    with transaction.atomic(durable=True):
        survey = Survey.objects.select_for_update().select_related("edition").get(pk=survey.pk)
        _refuse_if_answered(survey)
        question = SurveyQuestion.objects.get(pk=question.pk)
        siblings = SurveyQuestion.objects.filter(survey=survey)
        other = (
            siblings.filter(order__lt=question.order).order_by("-order").first()
            if up
            else siblings.filter(order__gt=question.order).order_by("order").first()
        )
        if other is None:
            return
        mine, theirs = question.order, other.order
        question.order = 0  # free the unique order for the swap
        question.save(update_fields=["order"])
        other.order = mine
        other.save(update_fields=["order"])
        question.order = theirs
        question.save(update_fields=["order"])
        log_action(
            question,
            "evaluation.question.moved",
            actor=actor,
            data={"order": [mine, theirs]},
            edition_id=survey.edition_id,
        )
