"""Answering a survey: who may answer it (its audience), and one person's answers, checked and stored.

Anyone of the survey's audience answers once while it is published and open
(:func:`submit_response`): every answer is checked first and nothing is saved on any error.
Guests are recognised by an approved registration of the edition (their private link, or a
signed-in user whose person holds one); speakers by a role in a session of the edition;
exhibitors by a place on an exhibitor's staff of the edition; investors as a person of an
investor active in the edition (a meeting request or a signing) or of a project's owner.
One answer per person is held by the database: ``respondent_key`` is a keyed hash of the
survey and the person (:func:`ecoforum.core.crypto.blind_index`), unique per survey, so an
anonymous survey takes one answer per person too without keeping who gave it. Answers are not
audited (the audit would tie an anonymous answer to its author).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ecoforum.core.crypto import blind_index
from ecoforum.exhibition.models import ExhibitorStaff
from ecoforum.forums.models import Edition
from ecoforum.investment.models import InvestmentProject, Investor, MeetingRequest, SigningParty
from ecoforum.people.models import Person
from ecoforum.program.models import SessionPerson
from ecoforum.services.enums import RegistrationStatus
from ecoforum.services.models import Registration

from .enums import Audience, QuestionKind
from .exceptions import AlreadyAnswered, InvalidAnswer, NotAllowed, SurveyClosed
from .models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse
from .survey_services import MAX_TEXT, RANGES, choice_count, local_time, question_label

# --- who answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Respondent:
    """The person answering, and how they were recognised (a user, a guest's registration)."""

    person: Person
    user: Any = None
    registration: Registration | None = None


def _person_of_user(user: Any) -> Person | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user).select_related("organization").first()


def _speaks_at(person: Person, edition: Edition) -> bool:
    return SessionPerson.objects.filter(person=person, session__edition=edition).exists()


def _exhibits_at(person: Person, edition: Edition) -> bool:
    return ExhibitorStaff.objects.filter(person=person, exhibitor__edition=edition).exists()


def _invests_at(person: Person, edition: Edition) -> bool:
    """An investor's person (its contact, or of its organization) active in the edition, or a project's owner."""
    organization_id = person.organization_id
    if (
        organization_id is not None
        and InvestmentProject.objects.filter(edition=edition, owner_id=organization_id).exists()
    ):
        return True
    investor_orgs = set(Investor.objects.filter(contacts=person).values_list("organization_id", flat=True))
    if organization_id is not None and hasattr(person.organization, "investor"):
        investor_orgs.add(organization_id)
    if not investor_orgs:
        return False
    return (
        MeetingRequest.objects.filter(edition=edition, investor__organization_id__in=investor_orgs).exists()
        or SigningParty.objects.filter(signing__edition=edition, organization_id__in=investor_orgs).exists()
    )


def _approved_registration(edition: Edition, person: Person) -> Registration | None:
    return (
        Registration.objects.filter(edition=edition, person=person, status=RegistrationStatus.APPROVED)
        .order_by("-created_at")
        .first()
    )


def respondent_for(survey: Survey, *, user: Any = None, registration: Registration | None = None) -> Respondent:
    """Who answers ``survey``: the guest behind ``registration`` or the signed-in ``user``.

    Raises :class:`NotAllowed` (naming the audience) for anyone the survey does not ask.
    """
    edition = survey.edition
    audience_name = Audience(survey.audience).label
    refused = NotAllowed(
        _("«%(title)s» asks %(audience)s of %(edition)s only.")
        % {"title": survey.title, "audience": str(audience_name).lower(), "edition": edition.name}
    )
    if survey.audience == Audience.GUESTS:
        if registration is not None:
            if registration.edition_id != edition.pk or registration.status != RegistrationStatus.APPROVED:
                raise refused
            return Respondent(person=registration.person, user=None, registration=registration)
        person = _person_of_user(user)
        found = _approved_registration(edition, person) if person is not None else None
        if person is None or found is None:
            raise refused
        return Respondent(person=person, user=user, registration=found)
    person = _person_of_user(user)
    if person is None:
        raise refused
    checks = {Audience.SPEAKERS: _speaks_at, Audience.EXHIBITORS: _exhibits_at, Audience.INVESTORS: _invests_at}
    if not checks[Audience(survey.audience)](person, edition):
        raise refused
    return Respondent(person=person, user=user, registration=None)


def respondent_key(survey: Survey, person_id: int) -> str:
    """The keyed hash that stands for one person in one survey (one answer each, also when anonymous)."""
    return blind_index(f"survey:{survey.pk}:person:{person_id}", "survey")


# --- answering ------------------------------------------------------------------------------------


def _integer(question: SurveyQuestion, value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,3}\s*", value):
        return int(value)
    raise ValueError


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def clean_answer(question: SurveyQuestion, value: Any) -> dict[str, Any] | None:
    """The stored form of one answer (``number``/``choices``/``text``), ``None`` for no answer.

    Raises :class:`InvalidAnswer` naming the question.
    """
    label = question_label(question)
    field = f"q{question.pk}"
    if _empty(value):
        if question.required:
            raise InvalidAnswer(_("«%(label)s» needs an answer.") % {"label": label}, field=field)
        return None
    kind = question.kind
    if kind in RANGES:
        low, high = RANGES[QuestionKind(kind)]
        try:
            number = _integer(question, value)
        except ValueError:
            number = None
        if number is None or not low <= number <= high:
            raise InvalidAnswer(
                _("«%(label)s» takes a whole number from %(low)s to %(high)s.")
                % {"label": label, "low": low, "high": high},
                field=field,
            )
        return {"number": number}
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
        many = kind == QuestionKind.MULTIPLE
        items = value if isinstance(value, list | tuple) else [value]
        if not many and len(items) != 1:
            raise InvalidAnswer(_("«%(label)s» takes one choice.") % {"label": label}, field=field)
        count = choice_count(question)
        positions: list[int] = []
        for item in items:
            try:
                position = _integer(question, item)
            except ValueError:
                position = -1
            if not 0 <= position < count:
                raise InvalidAnswer(
                    _("«%(label)s» has no choice «%(value)s».") % {"label": label, "value": str(item)[:40]},
                    field=field,
                )
            if position not in positions:
                positions.append(position)
        return {"choices": sorted(positions)}
    text = value if isinstance(value, str) else None
    if text is None:
        raise InvalidAnswer(_("«%(label)s» takes a text.") % {"label": label}, field=field)
    text = text.strip()
    if len(text) > MAX_TEXT:
        raise InvalidAnswer(
            _("«%(label)s» takes at most %(max)s characters.") % {"label": label, "max": MAX_TEXT}, field=field
        )
    return {"text": text}


def check_open(survey: Survey, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    edition = survey.edition
    if not survey.is_published:
        raise SurveyClosed(_("«%(title)s» is not open.") % {"title": survey.title})
    if now < survey.opens_at:
        raise SurveyClosed(
            _("«%(title)s» opens on %(when)s.") % {"title": survey.title, "when": local_time(survey.opens_at, edition)}
        )
    if now >= survey.closes_at:
        raise SurveyClosed(
            _("«%(title)s» closed on %(when)s.")
            % {"title": survey.title, "when": local_time(survey.closes_at, edition)}
        )


def clean_answers(survey: Survey, questions: list[SurveyQuestion], answers: dict[Any, Any]) -> dict[int, dict]:
    """Every answer checked, by question id; unknown question ids are refused."""
    by_id = {q.pk: q for q in questions}
    for key in answers:
        try:
            known = int(key) in by_id
        except (TypeError, ValueError):
            known = False
        if not known:
            raise InvalidAnswer(
                _("«%(title)s» has no question %(key)s.") % {"title": survey.title, "key": str(key)[:20]},
                field=str(key)[:20],
            )
    given = {int(k): v for k, v in answers.items()}
    cleaned: dict[int, dict] = {}
    for question in questions:
        value = clean_answer(question, given.get(question.pk))
        if value is not None:
            cleaned[question.pk] = value
    return cleaned


def submit_response(
    survey: Survey,
    *,
    answers: dict[Any, Any],
    user: Any = None,
    registration: Registration | None = None,
    language: str,
    now: dt.datetime | None = None,
) -> SurveyResponse:
    """One person's answers to ``survey``: by question id, a number, a choice's position (from 0),
    a list of positions, or a text.

    Raises :class:`SurveyClosed`, :class:`NotAllowed` (not of the audience), :class:`InvalidAnswer`
    (naming the question) or :class:`AlreadyAnswered`; nothing is saved then.
    """
    check_open(survey, now)
    respondent = respondent_for(survey, user=user, registration=registration)
    questions = list(SurveyQuestion.objects.filter(survey=survey).order_by("order", "pk"))
    cleaned = clean_answers(survey, questions, answers)
    key = respondent_key(survey, respondent.person.pk)
    thanks = AlreadyAnswered(_("You have answered «%(title)s» already. Thank you!") % {"title": survey.title})
    if SurveyResponse.objects.filter(survey=survey, respondent_key=key).exists():
        raise thanks
    anonymous = survey.is_anonymous
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                response = SurveyResponse.objects.create(
                    survey=survey,
                    respondent_key=key,
                    user=None if anonymous or respondent.user is None else respondent.user,
                    registration=None if anonymous else respondent.registration,
                    language=language if language in ("zh-hans", "en") else "zh-hans",
                )
        except IntegrityError as error:
            raise thanks from error
        SurveyAnswer.objects.bulk_create(
            SurveyAnswer(response=response, question_id=question_id, **value) for question_id, value in cleaned.items()
        )
    return response
