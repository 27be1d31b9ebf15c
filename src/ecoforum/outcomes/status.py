"""Green, yellow, red: an outcome's status, computed from its stage dates, never stored.

Dates are calendar days in the edition's time zone (``Edition.time_zone``, Asia/Shanghai
for Guiyang). :func:`today_in` gives that local day for an instant; the other functions
take the day, so a page computes it once and passes it on.

- a stage with an actual date is done (:attr:`Status.DONE`);
- an open stage planned before today is overdue (:attr:`Status.RED`): a stage planned for
  30 June turns red at 1 July 00:00 local time, not before;
- an open stage planned today or within :data:`DUE_SOON_DAYS` days (inclusive) is due
  soon (:attr:`Status.YELLOW`);
- any other open stage is on track (:attr:`Status.GREEN`).

An outcome is :attr:`Status.ABANDONED` when abandoned, :attr:`Status.DONE` when it has
stages and all are done, else the worst status of its open stages (green when it has none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from .enums import OutcomeState, Status
from .models import Outcome, Stage

#: An open stage planned this many days ahead or fewer is "due soon" (yellow).
DUE_SOON_DAYS = 30

#: Open statuses from the best to the worst.
SEVERITY = {Status.GREEN: 0, Status.YELLOW: 1, Status.RED: 2}


def today_in(edition, now: dt.datetime | None = None) -> dt.date:
    """The calendar day it is in the edition's time zone at ``now`` (an aware instant; default: this moment).

    2024-06-30T16:30Z is 1 July in Guiyang (UTC+8) and still 30 June in São Paulo.
    """
    now = now or timezone.now()
    return timezone.localtime(now, edition.tz).date()


def stage_status(stage: Stage, today: dt.date) -> Status:
    """DONE, RED, YELLOW or GREEN for one stage on the local day ``today`` (see the module's rules)."""
    if stage.actual_on is not None:
        return Status.DONE
    if stage.planned_on < today:
        return Status.RED
    if (stage.planned_on - today).days <= DUE_SOON_DAYS:
        return Status.YELLOW
    return Status.GREEN


def days_late(stage: Stage, today: dt.date) -> int:
    """How many days an open stage is past its planned date (0 when done or not late)."""
    if stage.actual_on is not None or stage.planned_on >= today:
        return 0
    return (today - stage.planned_on).days


def outcome_status(outcome: Outcome, stages: Iterable[Stage], today: dt.date) -> Status:
    """The outcome's status from its ``stages`` (pass the prefetched ``outcome.stages.all()``): no query."""
    if outcome.state == OutcomeState.ABANDONED:
        return Status.ABANDONED
    stages = list(stages)
    open_statuses = [stage_status(stage, today) for stage in stages if stage.actual_on is None]
    if stages and not open_statuses:
        return Status.DONE
    if not open_statuses:
        return Status.GREEN
    return max(open_statuses, key=lambda status: SEVERITY[status])


def next_stage(stages: Iterable[Stage]) -> Stage | None:
    """The first open stage (by order, then planned date), or ``None`` when every stage is done."""
    open_stages = [stage for stage in stages if stage.actual_on is None]
    if not open_stages:
        return None
    return min(open_stages, key=lambda stage: (stage.order, stage.planned_on, stage.pk or 0))
