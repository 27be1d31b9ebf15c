"""Reads of the surveys shared by the pages, the API, the KPIs and the report.

- :func:`surveys_of`: an edition's surveys with their response and question counts (back office).
- :func:`surveys_open_to`: the surveys a guest (by registration) or a signed-in user may answer now.
- :func:`survey_results`: per question the count, the average (ratings, scales), the NPS (0–10),
  the distribution and the texts; the responses per day.
- :func:`satisfaction`: the edition's satisfaction KPI, the average of the 1–5 ratings of the
  questions that measure it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone, translation

from ecoforum.forums.models import Edition
from ecoforum.services.models import Registration

from .enums import QuestionKind
from .exceptions import NotAllowed
from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .survey_answers import respondent_for, respondent_key
from .survey_services import RANGES, choice_count, choices_in

TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")


def surveys_of(edition: Edition) -> QuerySet[Survey]:
    """The edition's surveys with ``response_count`` and ``question_count``, in opening order."""
    return (
        Survey.objects.filter(edition=edition)
        .select_related("edition")
        .annotate(
            response_count=Count("responses", distinct=True),
            question_count=Count("questions", distinct=True),
        )
        .order_by("opens_at", "pk")
    )


def survey_of(edition: Edition, slug: str) -> Survey | None:
    return Survey.objects.filter(edition=edition, slug=slug).select_related("edition", "edition__forum").first()


def questions_of(survey: Survey) -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(survey=survey).order_by("order", "pk"))


def published_open(edition: Edition, now: dt.datetime | None = None) -> QuerySet[Survey]:
    """Published surveys open at ``now``, with their questions prefetched."""
    now = now or timezone.now()
    return (
        Survey.objects.filter(edition=edition, is_published=True, opens_at__lte=now, closes_at__gt=now)
        .select_related("edition")
        .prefetch_related("questions")
        .order_by("opens_at", "pk")
    )


def has_answered(survey: Survey, person: Any) -> bool:
    return SurveyResponse.objects.filter(survey=survey, respondent_key=respondent_key(survey, person.pk)).exists()


def surveys_open_to(
    edition: Edition, *, registration: Registration | None = None, user: Any = None, now: dt.datetime | None = None
) -> list[Survey]:
    """The surveys of ``edition`` open now that the guest behind ``registration`` (or the signed-in ``user``)
    may answer and has not answered yet."""
    found = []
    for survey in published_open(edition, now):
        try:
            respondent = respondent_for(survey, user=user, registration=registration)
        except NotAllowed:
            continue
        if not has_answered(survey, respondent.person):
            found.append(survey)
    return found


# --- results --------------------------------------------------------------------------------------


def choice_labels(question: SurveyQuestion, language: str | None = None) -> list[str]:
    """The question's choices in ``language`` (the current one by default), the other language filling gaps."""
    language = language or translation.get_language() or "zh-hans"
    zh, en = choices_in(question)
    first, second = (en, zh) if language == "en" else (zh, en)
    count = choice_count(question)
    return [first[i] if i < len(first) else (second[i] if i < len(second) else str(i + 1)) for i in range(count)]


def _average(numbers: list[int]) -> Decimal | None:
    if not numbers:
        return None
    return (Decimal(sum(numbers)) / Decimal(len(numbers))).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def net_promoter_score(numbers: list[int]) -> Decimal | None:
    """Promoters (9–10) minus detractors (0–6), in % of the answers, to one decimal."""
    if not numbers:
        return None
    promoters = sum(1 for n in numbers if n >= 9)
    detractors = sum(1 for n in numbers if n <= 6)
    return (Decimal(100 * (promoters - detractors)) / Decimal(len(numbers))).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass
class QuestionResult:
    question: SurveyQuestion
    count: int = 0
    average: Decimal | None = None
    nps: Decimal | None = None
    distribution: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.question.kind


@dataclass
class SurveyResults:
    survey: Survey
    response_count: int
    questions: list[QuestionResult]
    by_day: list[tuple[dt.date, int]]


def _question_result(question: SurveyQuestion, answers: list[SurveyAnswer], language: str | None) -> QuestionResult:
    result = QuestionResult(question=question, count=len(answers))
    kind = question.kind
    if kind in RANGES:
        numbers = [a.number for a in answers if a.number is not None]
        low, high = RANGES[QuestionKind(kind)]
        counts = Counter(numbers)
        result.average = _average(numbers)
        result.distribution = [(str(n), counts.get(n, 0)) for n in range(low, high + 1)]
        if kind == QuestionKind.SCALE:
            result.nps = net_promoter_score(numbers)
    elif kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        counts = Counter(position for a in answers for position in a.choices)
        labels = choice_labels(question, language)
        result.distribution = [(label, counts.get(i, 0)) for i, label in enumerate(labels)]
    else:
        result.texts = [a.text for a in answers if a.text]
    return result


def survey_results(survey: Survey, *, language: str | None = None) -> SurveyResults:
    """The results of ``survey``: three queries whatever the number of questions and answers."""
    questions = questions_of(survey)
    answers: dict[int, list[SurveyAnswer]] = {q.pk: [] for q in questions}
    for answer in SurveyAnswer.objects.filter(response__survey=survey).order_by("response__submitted_at", "pk"):
        answers.setdefault(answer.question_id, []).append(answer)
    tz = survey.edition.tz
    moments = SurveyResponse.objects.filter(survey=survey).values_list("submitted_at", flat=True)
    days = Counter(timezone.localtime(moment, tz).date() for moment in moments)
    return SurveyResults(
        survey=survey,
        response_count=sum(days.values()),
        questions=[_question_result(q, answers[q.pk], language) for q in questions],
        by_day=sorted(days.items()),
    )


def satisfaction(edition: Edition) -> tuple[Decimal | None, int]:
    """The average of the 1–5 ratings of the edition's questions that measure satisfaction (two decimals),
    and how many such answers there are."""
    found = SurveyAnswer.objects.filter(
        Q(question__survey__edition=edition),
        question__measures_satisfaction=True,
        question__kind=QuestionKind.RATING,
        number__isnull=False,
    ).aggregate(total=Sum("number"), count=Count("pk"))
    if not found["count"]:
        return None, 0
    average = (Decimal(found["total"]) / Decimal(found["count"])).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return average, found["count"]


def responses_for_export(survey: Survey) -> QuerySet[SurveyResponse]:
    """Every response with its answers, identity (non-anonymous surveys) prefetched."""
    return (
        SurveyResponse.objects.filter(survey=survey)
        .select_related("user", "registration", "registration__person")
        .prefetch_related("answers")
        .order_by("submitted_at", "pk")
    )
