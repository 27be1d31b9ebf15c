"""The demo's outcomes and evaluation: red, yellow and landed outcomes, two editions, surveys, footprint inputs."""

from __future__ import annotations

from collections import Counter

import pytest
from django.contrib.auth import get_user_model

from ecoforum.demo.evaluation import UNIT_USER
from ecoforum.evaluation.models import FootprintInputs, Survey, SurveyAnswer, SurveyResponse
from ecoforum.forums.models import Edition
from ecoforum.investment.models import Signing
from ecoforum.outcomes.enums import OutcomeKind, Status
from ecoforum.outcomes.models import Outcome
from ecoforum.outcomes.status import outcome_status, today_in
from ecoforum.people.models import Person
from ecoforum.services.models import Registration

pytestmark = pytest.mark.usefixtures("demo_once")


def _statuses(edition: Edition) -> Counter:
    today = today_in(edition)
    outcomes = Outcome.objects.filter(edition=edition).prefetch_related("stages")
    return Counter(outcome_status(o, o.stages.all(), today) for o in outcomes)


def test_the_2023_outcomes_show_every_status_on_the_day_the_demo_is_loaded(db):
    edition = Edition.objects.get(slug="2023")

    statuses = _statuses(edition)

    assert statuses[Status.RED] == 3
    assert statuses[Status.YELLOW] == 3
    assert statuses[Status.DONE] == 5
    assert statuses[Status.ABANDONED] == 1
    assert statuses[Status.GREEN] == 10


def test_every_signing_is_followed_once_per_project_and_the_other_outcomes_exist(db):
    edition = Edition.objects.get(slug="2023")
    kinds = Counter(Outcome.objects.filter(edition=edition).values_list("kind", flat=True))
    projects = Signing.objects.filter(edition=edition, project__isnull=False).values("project").distinct().count()
    without_project = Signing.objects.filter(edition=edition, project__isnull=True).count()

    assert kinds[OutcomeKind.SIGNING] == projects + without_project
    assert kinds[OutcomeKind.DECLARATION] == 1
    assert kinds[OutcomeKind.INITIATIVE] == 2
    assert kinds[OutcomeKind.INSTITUTION] == 1
    assert kinds[OutcomeKind.AGREEMENT] == 2
    assert (
        Outcome.objects.get(kind=OutcomeKind.INSTITUTION).title_en == "The Guizhou Green Climate Foundation is founded"
    )


def test_landed_outcomes_carry_the_funds_in_place(db):
    edition = Edition.objects.get(slug="2023")
    today = today_in(edition)
    landed = [
        o
        for o in Outcome.objects.filter(edition=edition, kind=OutcomeKind.SIGNING).prefetch_related("stages")
        if outcome_status(o, o.stages.all(), today) == Status.DONE
    ]

    funds = [s for o in landed for s in o.stages.all() if s.kind == "funds_in"]

    assert len(funds) == len(landed) == 4
    assert all(s.actual_amount and 0 < s.actual_amount <= s.planned_amount for s in funds)
    assert all(s.actual_on <= today for o in landed for s in o.stages.all())


def test_the_unit_login_reports_for_a_unit_with_an_overdue_outcome(db):
    user = get_user_model().objects.get(username=UNIT_USER)
    edition = Edition.objects.get(slug="2023")
    today = today_in(edition)
    person = Person.objects.get(user=user)

    outcomes = Outcome.objects.filter(edition=edition, responsible_unit=person.organization).prefetch_related("stages")

    assert user.check_password("demo password for the tests")
    assert Status.RED in {outcome_status(o, o.stages.all(), today) for o in outcomes}


def test_two_editions_the_second_smaller(db):
    first, second = Edition.objects.get(slug="2023"), Edition.objects.get(slug="2024")

    assert second.forum_id == first.forum_id
    assert 0 < Registration.objects.filter(edition=second).count() < Registration.objects.filter(edition=first).count()
    assert Signing.objects.filter(edition=second).count() == 6
    assert _statuses(second)[Status.RED] == 1
    assert second.sessions.count() == 8


def test_guests_travel_from_somewhere_some_spelled_oddly(db):
    cities = Counter(Registration.objects.filter(edition__slug="2023").values_list("origin_city", flat=True))

    assert cities[""] == 0
    assert cities["贵阳"] > cities["北京"] > 0
    assert cities["北京市"] > 0 and cities["beijing"] > 0


def test_surveys_with_answers_and_footprint_inputs_in_both_editions(db):
    guest_2023 = Survey.objects.get(edition__slug="2023", slug="guest-satisfaction")
    responses = SurveyResponse.objects.filter(survey=guest_2023)

    assert guest_2023.is_published and guest_2023.is_anonymous
    assert guest_2023.questions.count() == 8
    assert guest_2023.questions.filter(measures_satisfaction=True).count() == 1
    assert set(guest_2023.questions.values_list("kind", flat=True)) == {"rating", "scale", "choice", "multiple", "text"}
    assert responses.count() > 20
    assert responses.filter(user__isnull=False).count() == 0
    assert SurveyAnswer.objects.filter(response__survey=guest_2023, question__order=1).count() == responses.count()
    assert Survey.objects.filter(edition__slug="2023", slug="exhibitor-feedback").get().responses.exists()
    assert SurveyResponse.objects.filter(survey__edition__slug="2024").exists()
    inputs = FootprintInputs.objects.get(edition__slug="2023")
    assert (inputs.venue.name_en, inputs.venue_electricity_kwh) == ("Guiyang", 180000)
    assert inputs.offset_note_zh_hans and inputs.offset_note_en
    assert FootprintInputs.objects.filter(edition__slug="2024").exists()
