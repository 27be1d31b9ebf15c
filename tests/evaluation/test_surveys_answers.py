"""Answering a survey: each kind of question, validation, one answer per person, the audience, open and close times."""

from __future__ import annotations

import datetime as dt

import pytest

from ecoforum.core.crypto import blind_index
from ecoforum.evaluation import surveys
from ecoforum.evaluation.enums import Audience, QuestionKind
from ecoforum.evaluation.exceptions import AlreadyAnswered, InvalidAnswer, NotAllowed, SurveyClosed
from ecoforum.evaluation.models import SurveyAnswer, SurveyResponse
from ecoforum.services.enums import RegistrationStatus

from ..exhibition.factories import ExhibitorFactory, ExhibitorStaffFactory
from ..factories import EditionFactory, SessionFactory, SessionPersonFactory, UserFactory
from ..investment.factories import AcceptedRequestFactory, InvestmentProjectFactory, InvestorFactory
from ..services.factories import RegistrationFactory
from .survey_factories import CLOSES, OPENS, QuestionFactory, SurveyFactory, choice_question, person_with_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOW = OPENS + dt.timedelta(days=1)


@pytest.fixture
def survey(edition):
    return SurveyFactory(edition=edition, title_en="Guests 2023")


@pytest.fixture
def guest(edition):
    return RegistrationFactory(edition=edition)


def _submit(survey, answers, **kwargs):
    kwargs.setdefault("language", "en")
    kwargs.setdefault("now", NOW)
    return surveys.submit_response(survey, answers=answers, **kwargs)


def test_answers_of_each_kind_are_stored(survey, guest):
    rating = QuestionFactory(survey=survey, kind=QuestionKind.RATING)
    scale = QuestionFactory(survey=survey, kind=QuestionKind.SCALE)
    one = choice_question(survey)
    many = choice_question(survey, many=True)
    text = QuestionFactory(survey=survey, kind=QuestionKind.TEXT)

    found = _submit(
        survey, {rating.pk: 5, scale.pk: "0", one.pk: "2", many.pk: ["2", 0, 2], text.pk: "  More trees.  "},
        registration=guest,
    )  # fmt: skip

    stored = {a.question_id: (a.number, a.choices, a.text) for a in SurveyAnswer.objects.filter(response=found)}
    assert stored == {
        rating.pk: (5, [], ""),
        scale.pk: (0, [], ""),
        one.pk: (None, [2], ""),
        many.pk: (None, [0, 2], ""),
        text.pk: (None, [], "More trees."),
    }


def test_an_optional_question_left_empty_stores_no_answer(survey, guest):
    rating = QuestionFactory(survey=survey)
    optional = QuestionFactory(survey=survey, kind=QuestionKind.TEXT, required=False)

    found = _submit(survey, {rating.pk: 3, optional.pk: ""}, registration=guest)

    assert list(SurveyAnswer.objects.filter(response=found).values_list("question_id", flat=True)) == [rating.pk]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (QuestionKind.RATING, 6, "«How was it?» takes a whole number from 1 to 5."),
        (QuestionKind.RATING, 0, "«How was it?» takes a whole number from 1 to 5."),
        (QuestionKind.RATING, "4.5", "«How was it?» takes a whole number from 1 to 5."),
        (QuestionKind.RATING, True, "«How was it?» takes a whole number from 1 to 5."),
        (QuestionKind.SCALE, 11, "«How was it?» takes a whole number from 0 to 10."),
        (QuestionKind.SCALE, -1, "«How was it?» takes a whole number from 0 to 10."),
        (QuestionKind.RATING, None, "«How was it?» needs an answer."),
        (QuestionKind.TEXT, "   ", "«How was it?» needs an answer."),
        (QuestionKind.TEXT, "x" * 4001, "«How was it?» takes at most 4000 characters."),
        (QuestionKind.TEXT, 7, "«How was it?» takes a text."),
    ],
)
def test_an_answer_the_question_does_not_take_is_refused_naming_it(survey, guest, kind, value, message):
    good = QuestionFactory(survey=survey, kind=QuestionKind.RATING)
    question = QuestionFactory(survey=survey, kind=kind, label_en="How was it?")

    with pytest.raises(InvalidAnswer) as error:
        _submit(survey, {good.pk: 4, question.pk: value}, registration=guest)

    assert (str(error.value), error.value.field) == (message, f"q{question.pk}")
    assert (SurveyResponse.objects.count(), SurveyAnswer.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("many", "value", "message"),
    [
        (False, 3, "«Best part» has no choice «3»."),
        (False, [0, 1], "«Best part» takes one choice."),
        (True, [0, 5], "«Best part» has no choice «5»."),
        (True, ["opening"], "«Best part» has no choice «opening»."),
    ],
)
def test_an_unknown_choice_is_refused(survey, guest, many, value, message):
    question = choice_question(survey, many=many, label_en="Best part")

    with pytest.raises(InvalidAnswer) as error:
        _submit(survey, {question.pk: value}, registration=guest)

    assert str(error.value) == message
    assert SurveyResponse.objects.count() == 0


def test_an_answer_to_a_question_of_another_survey_is_refused(survey, guest, edition):
    mine = QuestionFactory(survey=survey)
    other = QuestionFactory(survey=SurveyFactory(edition=edition))

    with pytest.raises(InvalidAnswer) as error:
        _submit(survey, {mine.pk: 4, other.pk: 4}, registration=guest)

    assert str(error.value) == f"«Guests 2023» has no question {other.pk}."
    assert SurveyResponse.objects.count() == 0


# --- one answer per person ------------------------------------------------------------------------


def test_an_anonymous_survey_takes_one_answer_per_person_and_keeps_no_identity(survey, guest):
    question = QuestionFactory(survey=survey)
    first = _submit(survey, {question.pk: 4}, registration=guest)

    with pytest.raises(AlreadyAnswered) as error:
        _submit(survey, {question.pk: 2}, registration=guest)

    assert str(error.value) == "You have answered «Guests 2023» already. Thank you!"
    assert (first.user_id, first.registration_id, first.language) == (None, None, "en")
    assert list(SurveyAnswer.objects.values_list("number", flat=True)) == [4]


def test_the_same_person_by_token_and_by_login_answers_once(survey, guest):
    question = QuestionFactory(survey=survey)
    user = UserFactory()
    guest.person.user = user
    guest.person.save(update_fields=["user"])
    _submit(survey, {question.pk: 4}, registration=guest)

    with pytest.raises(AlreadyAnswered):
        _submit(survey, {question.pk: 5}, user=user)

    assert SurveyResponse.objects.count() == 1


def test_a_named_survey_keeps_the_user_and_the_registration(edition):
    survey = SurveyFactory(edition=edition, is_anonymous=False)
    question = QuestionFactory(survey=survey)
    person, user = person_with_user()
    registration = RegistrationFactory(edition=edition, person=person)

    found = _submit(survey, {question.pk: 4}, user=user)

    assert (found.user, found.registration) == (user, registration)


def test_the_respondent_key_is_a_keyed_hash_not_the_person(survey, guest):
    question = QuestionFactory(survey=survey)

    found = _submit(survey, {question.pk: 4}, registration=guest)

    assert found.respondent_key == blind_index(f"survey:{survey.pk}:person:{guest.person.pk}", "survey")
    assert len(found.respondent_key) == 64


# --- who may answer -------------------------------------------------------------------------------


def test_a_guest_of_another_edition_is_refused(survey):
    question = QuestionFactory(survey=survey)
    stranger = RegistrationFactory(edition=EditionFactory(year=2024))

    with pytest.raises(NotAllowed) as error:
        _submit(survey, {question.pk: 4}, registration=stranger)

    assert str(error.value) == "«Guests 2023» asks guests of Eco Forum Global Guiyang 2023 only."
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize(
    "status", [RegistrationStatus.PENDING, RegistrationStatus.CANCELLED, RegistrationStatus.WAITLISTED]
)
def test_a_registration_not_approved_is_refused(survey, edition, status):
    question = QuestionFactory(survey=survey)
    pending = RegistrationFactory(edition=edition, status=status)

    with pytest.raises(NotAllowed):
        _submit(survey, {question.pk: 4}, registration=pending)

    assert SurveyResponse.objects.count() == 0


def test_a_signed_in_user_without_a_registration_is_refused_a_guest_survey(survey):
    question = QuestionFactory(survey=survey)
    _person, user = person_with_user()

    with pytest.raises(NotAllowed):
        _submit(survey, {question.pk: 4}, user=user)


def test_a_speaker_of_the_edition_answers_the_speakers_survey(edition):
    survey = SurveyFactory(edition=edition, audience=Audience.SPEAKERS, title_en="Speakers")
    question = QuestionFactory(survey=survey)
    person, user = person_with_user()
    SessionPersonFactory(session=SessionFactory(edition=edition), person=person, role="moderator")

    found = _submit(survey, {question.pk: 5}, user=user)

    assert found.survey == survey


def test_a_non_speaker_and_a_speaker_of_another_edition_are_refused(edition):
    survey = SurveyFactory(edition=edition, audience=Audience.SPEAKERS, title_en="Speakers")
    question = QuestionFactory(survey=survey)
    _nobody, nobody = person_with_user()
    elsewhere, elsewhere_user = person_with_user()
    SessionPersonFactory(session=SessionFactory(edition=EditionFactory(year=2024)), person=elsewhere)

    refused = []
    for user in (nobody, elsewhere_user, None):
        with pytest.raises(NotAllowed) as error:
            _submit(survey, {question.pk: 5}, user=user)
        refused.append(str(error.value))

    assert refused == ["«Speakers» asks speakers and experts of Eco Forum Global Guiyang 2023 only."] * 3


def test_an_exhibitor_member_answers_and_another_edition_s_is_refused(edition):
    survey = SurveyFactory(edition=edition, audience=Audience.EXHIBITORS)
    question = QuestionFactory(survey=survey)
    member, member_user = person_with_user()
    ExhibitorStaffFactory(exhibitor=ExhibitorFactory(edition=edition), person=member, role="staff")
    other, other_user = person_with_user()
    ExhibitorStaffFactory(exhibitor=ExhibitorFactory(edition=EditionFactory(year=2024)), person=other)

    _submit(survey, {question.pk: 4}, user=member_user)
    with pytest.raises(NotAllowed):
        _submit(survey, {question.pk: 4}, user=other_user)

    assert SurveyResponse.objects.count() == 1


def test_investors_and_project_owners_of_the_edition_answer(edition):
    survey = SurveyFactory(edition=edition, audience=Audience.INVESTORS)
    question = QuestionFactory(survey=survey)
    request = AcceptedRequestFactory(edition=edition)
    _contact, contact_user = person_with_user(organization=request.investor.organization)
    project = InvestmentProjectFactory(edition=edition)
    _owner, owner_user = person_with_user(organization=project.owner)
    idle = InvestorFactory()
    idle_person, idle_user = person_with_user()
    idle.contacts.add(idle_person)

    _submit(survey, {question.pk: 4}, user=contact_user)
    _submit(survey, {question.pk: 5}, user=owner_user)
    with pytest.raises(NotAllowed):
        _submit(survey, {question.pk: 3}, user=idle_user)

    assert SurveyResponse.objects.count() == 2


# --- open and close times -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "message"),
    [
        (OPENS - dt.timedelta(microseconds=1), "«Guests 2023» opens on 2023-07-08 17:00."),
        (CLOSES, "«Guests 2023» closed on 2023-08-01 00:00."),
        (CLOSES + dt.timedelta(days=30), "«Guests 2023» closed on 2023-08-01 00:00."),
    ],
)
def test_outside_its_times_a_survey_takes_no_answer(survey, guest, now, message):
    question = QuestionFactory(survey=survey)

    with pytest.raises(SurveyClosed) as error:
        _submit(survey, {question.pk: 4}, registration=guest, now=now)

    assert str(error.value) == message
    assert SurveyResponse.objects.count() == 0


@pytest.mark.parametrize("now", [OPENS, CLOSES - dt.timedelta(microseconds=1)])
def test_at_its_opening_and_just_before_its_closing_a_survey_takes_answers(survey, guest, now):
    question = QuestionFactory(survey=survey)

    _submit(survey, {question.pk: 4}, registration=guest, now=now)

    assert SurveyResponse.objects.count() == 1


def test_an_unpublished_survey_takes_no_answer(edition, guest):
    survey = SurveyFactory(edition=edition, is_published=False, title_en="Draft")
    question = QuestionFactory(survey=survey)

    with pytest.raises(SurveyClosed) as error:
        _submit(survey, {question.pk: 4}, registration=guest)

    assert str(error.value) == "«Draft» is not open."


def test_surveys_open_to_a_guest_leave_out_answered_closed_and_other_audiences(edition, guest):
    open_one = SurveyFactory(edition=edition, slug="a")
    answered = SurveyFactory(edition=edition, slug="b")
    SurveyFactory(edition=edition, slug="c", audience=Audience.SPEAKERS)
    SurveyFactory(edition=edition, slug="d", closes_at=NOW)
    SurveyFactory(edition=edition, slug="e", is_published=False)
    question = QuestionFactory(survey=answered)
    _submit(answered, {question.pk: 4}, registration=guest)

    found = surveys.surveys_open_to(edition, registration=guest, now=NOW)

    assert [s.slug for s in found] == [open_one.slug]
