"""Green, yellow, red: status from the stage dates, in the edition's time zone, at the day boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from ecoforum.outcomes.enums import Status
from ecoforum.outcomes.status import DUE_SOON_DAYS, days_late, next_stage, outcome_status, stage_status, today_in

from ..factories import EditionFactory
from .factories import OutcomeFactory, StageFactory

UTC = dt.UTC
JUNE_30 = dt.date(2024, 6, 30)


@pytest.fixture
def guiyang(db):
    return EditionFactory(year=2024, time_zone="Asia/Shanghai")


@pytest.fixture
def sao_paulo(db):
    return EditionFactory(year=2025, slug="sp2025", time_zone="America/Sao_Paulo")


def status_at(edition, instant: dt.datetime, planned_on: dt.date = JUNE_30) -> Status:
    stage = StageFactory(outcome=OutcomeFactory(edition=edition), planned_on=planned_on)
    return stage_status(stage, today_in(edition, instant))


def test_today_in_guiyang_is_already_the_next_day_at_16_30_utc(guiyang):
    assert today_in(guiyang, dt.datetime(2024, 6, 30, 16, 30, tzinfo=UTC)) == dt.date(2024, 7, 1)


def test_today_in_sao_paulo_is_still_the_same_day_at_16_30_utc(sao_paulo):
    assert today_in(sao_paulo, dt.datetime(2024, 6, 30, 16, 30, tzinfo=UTC)) == dt.date(2024, 6, 30)


def test_stage_on_its_planned_day_is_due_soon_not_late(guiyang):
    assert status_at(guiyang, dt.datetime(2024, 6, 30, 9, 0, tzinfo=guiyang.tz)) == Status.YELLOW


def test_stage_at_23_59_local_on_its_planned_day_is_not_late(guiyang):
    assert status_at(guiyang, dt.datetime(2024, 6, 30, 23, 59, tzinfo=guiyang.tz)) == Status.YELLOW


def test_stage_at_00_00_local_after_its_planned_day_is_overdue(guiyang):
    assert status_at(guiyang, dt.datetime(2024, 7, 1, 0, 0, tzinfo=guiyang.tz)) == Status.RED


def test_utc_instant_already_next_day_in_guiyang_is_overdue(guiyang):
    assert status_at(guiyang, dt.datetime(2024, 6, 30, 16, 30, tzinfo=UTC)) == Status.RED


def test_utc_instant_one_minute_before_guiyang_midnight_is_not_late(guiyang):
    assert status_at(guiyang, dt.datetime(2024, 6, 30, 15, 59, tzinfo=UTC)) == Status.YELLOW


def test_same_utc_instant_in_sao_paulo_is_not_late(sao_paulo):
    assert status_at(sao_paulo, dt.datetime(2024, 6, 30, 16, 30, tzinfo=UTC)) == Status.YELLOW


def test_sao_paulo_turns_red_at_its_own_midnight(sao_paulo):
    before = status_at(sao_paulo, dt.datetime(2024, 7, 1, 2, 59, tzinfo=UTC))
    after = status_at(sao_paulo, dt.datetime(2024, 7, 1, 3, 0, tzinfo=UTC))

    assert (before, after) == (Status.YELLOW, Status.RED)


def test_stage_exactly_30_days_ahead_is_due_soon(guiyang):
    today = dt.date(2024, 5, 31)

    assert (JUNE_30 - today).days == DUE_SOON_DAYS
    assert status_at(guiyang, dt.datetime(2024, 5, 31, 12, tzinfo=guiyang.tz)) == Status.YELLOW


def test_stage_31_days_ahead_is_on_track(guiyang):
    assert status_at(guiyang, dt.datetime(2024, 5, 30, 12, tzinfo=guiyang.tz)) == Status.GREEN


def test_stage_done_is_done_even_when_its_date_passed(guiyang):
    stage = StageFactory(outcome=OutcomeFactory(edition=guiyang), planned_on=JUNE_30, actual_on=dt.date(2024, 7, 3))

    assert stage_status(stage, dt.date(2024, 8, 1)) == Status.DONE


def test_days_late_counts_from_the_planned_day(guiyang):
    stage = StageFactory(outcome=OutcomeFactory(edition=guiyang), planned_on=JUNE_30)

    assert [days_late(stage, day) for day in (JUNE_30, dt.date(2024, 7, 1), dt.date(2024, 7, 10))] == [0, 1, 10]


def test_outcome_is_the_worst_of_its_open_stages(guiyang):
    outcome = OutcomeFactory(edition=guiyang)
    stages = [
        StageFactory(outcome=outcome, planned_on=dt.date(2024, 1, 1), actual_on=dt.date(2024, 1, 1)),
        StageFactory(outcome=outcome, planned_on=dt.date(2024, 7, 10)),
        StageFactory(outcome=outcome, planned_on=dt.date(2024, 6, 29)),
        StageFactory(outcome=outcome, planned_on=dt.date(2025, 1, 1)),
    ]

    assert outcome_status(outcome, stages, JUNE_30) == Status.RED
    assert outcome_status(outcome, stages[:2] + stages[3:], JUNE_30) == Status.YELLOW
    assert outcome_status(outcome, stages[:1] + stages[3:], JUNE_30) == Status.GREEN


def test_outcome_with_every_stage_done_is_done(guiyang):
    outcome = OutcomeFactory(edition=guiyang)
    stages = [StageFactory(outcome=outcome, planned_on=JUNE_30, actual_on=JUNE_30) for _ in range(2)]

    assert outcome_status(outcome, stages, dt.date(2025, 1, 1)) == Status.DONE


def test_outcome_without_stages_is_on_track(guiyang):
    assert outcome_status(OutcomeFactory(edition=guiyang), [], JUNE_30) == Status.GREEN


def test_abandoned_outcome_is_abandoned_whatever_its_stages(guiyang):
    outcome = OutcomeFactory(edition=guiyang, state="abandoned", state_note="投资方撤资")
    stages = [StageFactory(outcome=outcome, planned_on=dt.date(2024, 1, 1))]

    assert outcome_status(outcome, stages, JUNE_30) == Status.ABANDONED


def test_next_stage_is_the_first_open_one_by_order(guiyang):
    outcome = OutcomeFactory(edition=guiyang)
    first = StageFactory(outcome=outcome, order=1, planned_on=JUNE_30, actual_on=JUNE_30)
    second = StageFactory(outcome=outcome, order=2, planned_on=dt.date(2024, 9, 1))
    third = StageFactory(outcome=outcome, order=3, planned_on=dt.date(2024, 8, 1))

    assert next_stage([third, first, second]) == second
    assert next_stage([first]) is None
