"""factory_boy factories and small helpers for the survey tests."""

from __future__ import annotations

import datetime as dt

import factory

from ecoforum.core.crypto import blind_index
from ecoforum.evaluation.enums import Audience, QuestionKind
from ecoforum.evaluation.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

from ..factories import CommitteeMemberFactory, EditionFactory, PersonFactory, UserFactory

#: A fixed moment during the 2023 test edition (8–9 July 2023, Asia/Shanghai): tests pass ``now``.
OPENS = dt.datetime(2023, 7, 8, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2023, 7, 31, 16, 0, tzinfo=dt.UTC)


class SurveyFactory(factory.django.DjangoModelFactory):
    """A published guest survey, open from :data:`OPENS` to :data:`CLOSES` (give other times for a page test)."""

    class Meta:
        model = Survey

    edition = factory.SubFactory(EditionFactory)
    slug = factory.Sequence(lambda n: f"survey-{n}")
    title_zh_hans = factory.Sequence(lambda n: f"嘉宾问卷{n}")
    title_en = factory.Sequence(lambda n: f"Guest survey {n}")
    audience = Audience.GUESTS
    is_anonymous = True
    opens_at = OPENS
    closes_at = CLOSES
    is_published = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyQuestion

    survey = factory.SubFactory(SurveyFactory)
    order = factory.Sequence(lambda n: n + 1)
    kind = QuestionKind.RATING
    label_zh_hans = factory.Sequence(lambda n: f"问题{n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    required = True


def choice_question(survey, *, many: bool = False, **kwargs) -> SurveyQuestion:
    return QuestionFactory(
        survey=survey,
        kind=QuestionKind.MULTIPLE if many else QuestionKind.CHOICE,
        choices_zh_hans="开幕式\n主题论坛\n展览",
        choices_en="Opening\nTheme forums\nExhibition",
        **kwargs,
    )


def response(survey, answers: dict[SurveyQuestion, dict], *, person=None, submitted_at=None) -> SurveyResponse:
    """A stored response (bypassing the service, for result tests): ``answers`` maps a question to its fields."""
    person = person or PersonFactory()
    row = SurveyResponse.objects.create(
        survey=survey, respondent_key=blind_index(f"survey:{survey.pk}:person:{person.pk}", "survey"), language="en"
    )
    if submitted_at is not None:
        SurveyResponse.objects.filter(pk=row.pk).update(submitted_at=submitted_at)
    for question, fields in answers.items():
        SurveyAnswer.objects.create(response=row, question=question, **fields)
    return row


def committee_user(edition, role: str):
    user = UserFactory()
    CommitteeMemberFactory(edition=edition, user=user, role=role)
    return user


def person_with_user(**kwargs):
    user = UserFactory()
    return PersonFactory(user=user, **kwargs), user
