"""Building surveys: create, change, questions of each kind, publish, close, reopen; frozen once answered."""

from __future__ import annotations

import datetime as dt

import pytest

from ecoforum.core.models import AuditEntry
from ecoforum.evaluation import surveys
from ecoforum.evaluation.enums import Audience, QuestionKind
from ecoforum.evaluation.exceptions import EvaluationError, NotAllowed
from ecoforum.evaluation.models import Survey, SurveyQuestion
from ecoforum.forums.enums import CommitteeRole

from .survey_factories import CLOSES, OPENS, QuestionFactory, SurveyFactory, committee_user, response

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _fields(**overrides):
    fields = {
        "slug": "guests",
        "title_zh_hans": "嘉宾满意度调查",
        "title_en": "Guest satisfaction",
        "audience": Audience.GUESTS,
        "is_anonymous": True,
        "opens_at": dt.datetime(2023, 7, 8, 9, 0),
        "closes_at": dt.datetime(2023, 7, 31, 18, 0),
    }
    fields.update(overrides)
    return fields


def test_create_survey_makes_local_times_aware_and_audits(edition, organizer):
    survey = surveys.create_survey(edition, actor=organizer, **_fields())

    assert (survey.title_zh_hans, survey.title_en) == ("嘉宾满意度调查", "Guest satisfaction")
    assert survey.opens_at == dt.datetime(2023, 7, 8, 1, 0, tzinfo=dt.UTC)
    assert survey.closes_at == dt.datetime(2023, 7, 31, 10, 0, tzinfo=dt.UTC)
    assert survey.is_published is False
    assert list(AuditEntry.objects.filter(object_id=str(survey.pk)).values_list("action", flat=True)) == [
        "evaluation.survey.created"
    ]


def test_create_survey_by_staff_is_refused(edition):
    staff = committee_user(edition, CommitteeRole.STAFF)

    with pytest.raises(NotAllowed) as error:
        surveys.create_survey(edition, actor=staff, **_fields())

    assert str(error.value) == "Only the organizers of Eco Forum Global Guiyang 2023 may change its surveys."
    assert Survey.objects.count() == 0


def test_create_survey_with_a_taken_slug_is_refused(edition, organizer):
    SurveyFactory(edition=edition, slug="guests")

    with pytest.raises(EvaluationError) as error:
        surveys.create_survey(edition, actor=organizer, **_fields())

    assert str(error.value) == "Eco Forum Global Guiyang 2023 already has a survey at «guests»."
    assert error.value.field == "slug"
    assert Survey.objects.count() == 1


def test_create_survey_closing_before_it_opens_is_refused(edition, organizer):
    with pytest.raises(EvaluationError) as error:
        surveys.create_survey(edition, actor=organizer, **_fields(closes_at=dt.datetime(2023, 7, 8, 9, 0)))

    assert str(error.value) == "«嘉宾满意度调查» must close after it opens."
    assert Survey.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "choices_zh", "choices_en", "stored"),
    [
        (QuestionKind.RATING, "", "", ("", "")),
        (QuestionKind.SCALE, "", "", ("", "")),
        (QuestionKind.TEXT, "a\nb", "", ("", "")),
        (
            QuestionKind.CHOICE,
            " 开幕式 \n\n主题论坛\n",
            "Opening\nTheme forums",
            ("开幕式\n主题论坛", "Opening\nTheme forums"),
        ),
        (QuestionKind.MULTIPLE, "", "Opening\nForums\nExhibition", ("", "Opening\nForums\nExhibition")),
    ],
)
def test_add_question_of_each_kind(edition, organizer, kind, choices_zh, choices_en, stored):
    survey = SurveyFactory(edition=edition, is_published=False)

    question = surveys.add_question(
        survey, actor=organizer, kind=kind, label_zh_hans="您的评价", label_en="Your view",
        choices_zh_hans=choices_zh, choices_en=choices_en, required=True,
    )  # fmt: skip

    assert (question.order, question.kind, question.label_en) == (1, kind, "Your view")
    assert (question.choices_zh_hans, question.choices_en) == stored


def test_add_question_puts_it_last(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)
    QuestionFactory(survey=survey, order=4)

    question = surveys.add_question(survey, actor=organizer, kind=QuestionKind.TEXT, label_en="Anything else?")

    assert question.order == 5


def test_choices_of_different_length_in_both_languages_are_refused(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)

    with pytest.raises(EvaluationError) as error:
        surveys.add_question(
            survey, actor=organizer, kind=QuestionKind.CHOICE, label_en="Best part",
            choices_zh_hans="开幕式\n展览", choices_en="Opening\nExhibition\nVisits",
        )  # fmt: skip

    assert str(error.value) == ("«Best part» has 2 choices in Chinese and 3 in English: give the same lines in both.")
    assert SurveyQuestion.objects.count() == 0


def test_a_choice_question_needs_two_choices(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)

    with pytest.raises(EvaluationError) as error:
        surveys.add_question(survey, actor=organizer, kind=QuestionKind.CHOICE, label_en="Best", choices_en="One")

    assert str(error.value) == "«Best» needs at least two choices, one per line."


def test_only_a_rating_measures_satisfaction(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)

    with pytest.raises(EvaluationError) as error:
        surveys.add_question(
            survey, actor=organizer, kind=QuestionKind.SCALE, label_en="Recommend?", measures_satisfaction=True
        )

    assert str(error.value) == "«Recommend?»: only a 1–5 rating measures satisfaction."


def test_questions_of_an_answered_survey_cannot_change(edition, organizer):
    survey = SurveyFactory(edition=edition, title_en="Guests 2023")
    question = QuestionFactory(survey=survey, label_en="Overall")
    response(survey, {question: {"number": 4}})
    expected = "«Guests 2023» has answers already: its questions can no longer change (answers are stored by position)."

    with pytest.raises(EvaluationError) as changed:
        surveys.change_question(question, actor=organizer, label_en="Overall, really")
    with pytest.raises(EvaluationError) as added:
        surveys.add_question(survey, actor=organizer, kind=QuestionKind.TEXT, label_en="More?")
    with pytest.raises(EvaluationError) as removed:
        surveys.remove_question(question, actor=organizer)

    assert [str(e.value) for e in (changed, added, removed)] == [expected] * 3
    question.refresh_from_db()
    assert (question.label_en, SurveyQuestion.objects.filter(survey=survey).count()) == ("Overall", 1)


def test_anonymity_of_an_answered_survey_cannot_change_but_its_title_can(edition, organizer):
    survey = SurveyFactory(edition=edition, title_en="Guests 2023", is_anonymous=True)
    question = QuestionFactory(survey=survey)
    response(survey, {question: {"number": 4}})

    with pytest.raises(EvaluationError) as error:
        surveys.change_survey(survey, actor=organizer, is_anonymous=False)
    surveys.change_survey(survey, actor=organizer, title_en="Guests of 2023")

    assert str(error.value) == (
        "«Guests 2023» has answers already: who it asks and whether it is anonymous stay as they are."
    )
    survey.refresh_from_db()
    assert (survey.is_anonymous, survey.title_en) == (True, "Guests of 2023")


def test_change_question_before_answers(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)
    question = QuestionFactory(survey=survey, kind=QuestionKind.RATING)

    surveys.change_question(question, actor=organizer, label_en="How was it?", measures_satisfaction=True)

    question.refresh_from_db()
    assert (question.label_en, question.measures_satisfaction) == ("How was it?", True)


def test_move_question_swaps_orders(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)
    first = QuestionFactory(survey=survey, order=1)
    second = QuestionFactory(survey=survey, order=2)

    surveys.move_question(second, actor=organizer, up=True)

    assert list(SurveyQuestion.objects.filter(survey=survey).values_list("pk", flat=True)) == [second.pk, first.pk]


def test_publish_without_questions_is_refused(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False, title_en="Empty")

    with pytest.raises(EvaluationError) as error:
        surveys.publish_survey(survey, actor=organizer)

    assert str(error.value) == "«Empty» has no question yet."
    survey.refresh_from_db()
    assert survey.is_published is False


def test_publish_survey(edition, organizer):
    survey = SurveyFactory(edition=edition, is_published=False)
    QuestionFactory(survey=survey)

    surveys.publish_survey(survey, actor=organizer)

    survey.refresh_from_db()
    assert survey.is_published is True


def test_close_an_open_survey_now_then_reopen_it(edition, organizer):
    survey = SurveyFactory(edition=edition)
    moment = OPENS + dt.timedelta(days=2)

    surveys.close_survey(survey, actor=organizer, now=moment)
    survey.refresh_from_db()
    closed_at = survey.closes_at
    surveys.reopen_survey(survey, actor=organizer, closes_at=dt.datetime(2023, 8, 5, 18, 0), now=moment)

    survey.refresh_from_db()
    assert closed_at == moment
    assert survey.closes_at == dt.datetime(2023, 8, 5, 10, 0, tzinfo=dt.UTC)


def test_close_a_closed_survey_is_refused(edition, organizer):
    survey = SurveyFactory(edition=edition, title_en="Guests")

    with pytest.raises(EvaluationError) as error:
        surveys.close_survey(survey, actor=organizer, now=CLOSES)

    assert str(error.value) == "«Guests» closed already, on 2023-08-01 00:00."


def test_reopen_until_a_past_time_is_refused(edition, organizer):
    survey = SurveyFactory(edition=edition, title_en="Guests")
    later = CLOSES + dt.timedelta(days=3)

    with pytest.raises(EvaluationError) as error:
        surveys.reopen_survey(survey, actor=organizer, closes_at=later - dt.timedelta(hours=1), now=later)

    assert str(error.value) == "«Guests» can only reopen until a time still to come."
    survey.refresh_from_db()
    assert survey.closes_at == CLOSES


def test_change_survey_times_is_audited_with_the_change(edition, organizer):
    survey = SurveyFactory(edition=edition)

    surveys.change_survey(survey, actor=organizer, closes_at=dt.datetime(2023, 8, 10, 18, 0))

    entry = AuditEntry.objects.get(action="evaluation.survey.changed")
    assert entry.data == {"closes_at": ["2023-07-31T16:00:00+00:00", "2023-08-10T18:00:00+08:00"]}
