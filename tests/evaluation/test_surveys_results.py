"""Results of a survey for a known set of answers, and the edition's satisfaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from ecoforum.evaluation import surveys
from ecoforum.evaluation.enums import QuestionKind

from ..factories import EditionFactory
from .survey_factories import QuestionFactory, SurveyFactory, choice_question, response

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def survey(edition):
    return SurveyFactory(edition=edition)


def test_rating_average_and_distribution(survey):
    rating = QuestionFactory(survey=survey, kind=QuestionKind.RATING)
    for number in (5, 4, 4, 2):
        response(survey, {rating: {"number": number}})

    result = surveys.survey_results(survey).questions[0]

    assert (result.count, result.average, result.nps) == (4, Decimal("3.75"), None)
    assert result.distribution == [("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 1)]


def test_an_average_is_rounded_half_up_to_two_places(survey):
    rating = QuestionFactory(survey=survey, kind=QuestionKind.RATING)
    for number in (5, 4, 4):
        response(survey, {rating: {"number": number}})

    assert surveys.survey_results(survey).questions[0].average == Decimal("4.33")


@pytest.mark.parametrize(
    ("numbers", "nps", "average"),
    [
        ((10, 9, 8, 6, 0), Decimal("0.0"), Decimal("6.60")),
        ((10, 10, 9, 7), Decimal("75.0"), Decimal("9.00")),
        ((10, 6, 5), Decimal("-33.3"), Decimal("7.00")),
        ((8, 7), Decimal("0.0"), Decimal("7.50")),
    ],
)
def test_scale_nps_promoters_minus_detractors(survey, numbers, nps, average):
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE)
    for number in numbers:
        response(survey, {scale: {"number": number}})

    result = surveys.survey_results(survey).questions[0]

    assert (result.nps, result.average, len(result.distribution)) == (nps, average, 11)


def test_choices_are_counted_by_position_in_the_reader_s_language(survey):
    one = choice_question(survey)
    many = choice_question(survey, many=True)
    response(survey, {one: {"choices": [1]}, many: {"choices": [0, 2]}})
    response(survey, {one: {"choices": [1]}, many: {"choices": [2]}})
    response(survey, {one: {"choices": [0]}})

    english = surveys.survey_results(survey)
    chinese = surveys.survey_results(survey, language="zh-hans")

    assert english.questions[0].distribution == [("Opening", 1), ("Theme forums", 2), ("Exhibition", 0)]
    assert english.questions[1].distribution == [("Opening", 1), ("Theme forums", 0), ("Exhibition", 2)]
    assert (english.questions[0].count, english.questions[1].count) == (3, 2)
    assert chinese.questions[0].distribution == [("开幕式", 1), ("主题论坛", 2), ("展览", 0)]


def test_texts_are_listed_in_the_order_given(survey):
    text = QuestionFactory(survey=survey, kind=QuestionKind.TEXT)
    start = dt.datetime(2023, 7, 9, 2, 0, tzinfo=dt.UTC)
    response(survey, {text: {"text": "<b>More shade</b>"}}, submitted_at=start + dt.timedelta(hours=1))
    response(survey, {text: {"text": "Shuttle buses"}}, submitted_at=start)

    result = surveys.survey_results(survey).questions[0]

    assert (result.texts, result.distribution, result.average) == (["Shuttle buses", "<b>More shade</b>"], [], None)


def test_responses_per_day_in_the_edition_s_time_zone(survey):
    rating = QuestionFactory(survey=survey)
    # 16:30 UTC on the 8th is 00:30 on the 9th in Guiyang.
    for moment in ("2023-07-08T15:59:00+00:00", "2023-07-08T16:30:00+00:00", "2023-07-09T03:00:00+00:00"):
        response(survey, {rating: {"number": 4}}, submitted_at=dt.datetime.fromisoformat(moment))

    results = surveys.survey_results(survey)

    assert results.response_count == 3
    assert results.by_day == [(dt.date(2023, 7, 8), 1), (dt.date(2023, 7, 9), 2)]


def test_satisfaction_averages_only_the_ratings_that_measure_it_in_the_edition(edition):
    guests = SurveyFactory(edition=edition)
    speakers = SurveyFactory(edition=edition, audience="speakers")
    overall = QuestionFactory(survey=guests, measures_satisfaction=True)
    venue = QuestionFactory(survey=speakers, measures_satisfaction=True)
    food = QuestionFactory(survey=guests, measures_satisfaction=False)
    elsewhere = QuestionFactory(survey=SurveyFactory(edition=EditionFactory(year=2024)), measures_satisfaction=True)
    response(guests, {overall: {"number": 5}, food: {"number": 1}})
    response(guests, {overall: {"number": 4}, food: {"number": 1}})
    response(speakers, {venue: {"number": 4}})
    response(elsewhere.survey, {elsewhere: {"number": 1}})

    assert surveys.satisfaction(edition) == (Decimal("4.33"), 3)


def test_satisfaction_without_answers_is_none(edition):
    QuestionFactory(survey=SurveyFactory(edition=edition), measures_satisfaction=True)

    assert surveys.satisfaction(edition) == (None, 0)


def test_results_of_a_survey_without_answers(survey):
    QuestionFactory(survey=survey, kind=QuestionKind.SCALE)

    results = surveys.survey_results(survey)

    assert (results.response_count, results.by_day) == (0, [])
    assert (results.questions[0].count, results.questions[0].average, results.questions[0].nps) == (0, None, None)
