"""The outcomes API (django-ninja), mounted under ``/api/editions/``.

Reads are public (``auth=None``): the edition's public outcomes with their status (the
committee's organizers and staff see every outcome), one outcome with its stages, and the
edition's totals. Writes (recording or replanning a stage) take the router's authentication,
which ``api/api.py`` sets when it mounts the router (``auth=WRITE_AUTH``: a signed-in user with
the CSRF token, or an API token): an organizer of the edition, or someone of the outcome's
responsible unit. A write that arrives without an authenticated user is refused (401) here too.
Errors map through ``api/api.py``: not yours to change 403, unknown outcome or stage 404, a date
or amount the rules refuse 422 with ``field``.
"""

from __future__ import annotations

import math
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import AuthenticationError

from ecoforum.core.converters import MAX_RECORD_ID
from ecoforum.forums import queries as forum_queries
from ecoforum.program.schemas import Error

from . import queries, services
from .enums import OutcomeKind, Status
from .schemas import (
    EditionOutcomesOut,
    OutcomeOut,
    OutcomePage,
    RecordIn,
    ReplanIn,
    StageOut,
    edition_outcomes_out,
    outcome_out,
    outcome_summary_out,
    stage_out,
)
from .status import today_in

router = Router(tags=["outcomes"], by_alias=True)

KINDS = "|".join(OutcomeKind.values)
STATUSES = "|".join(Status.values)
StageId = Annotated[int, Path(ge=1, le=MAX_RECORD_ID)]
Code = Annotated[str, Path(max_length=30)]

#: What a read answers besides 200: an unknown edition or outcome (404), a parameter out of range (422).
READ_ERRORS: dict[int, type[Schema]] = {404: Error, 422: Error}
#: A write also: not signed in (401), not theirs to change (403), a conflict (409), busy (503).
WRITE_ERRORS: dict[int, type[Schema]] = {401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 503: Error}


class OutcomeFilters(Schema):
    kind: str = Field("", pattern=rf"^({KINDS})?$", description="signing, initiative, declaration …")
    status: str = Field("", pattern=rf"^({STATUSES})?$", description="green, yellow, red, done or abandoned.")
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=200)


def _actor(request: HttpRequest):
    """The authenticated caller of a write (set by the router's authentication), or 401."""
    actor = getattr(request, "auth", None)
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise AuthenticationError()
    return actor


def _sees_everything(request: HttpRequest, edition) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.has_perm("outcomes.view_dashboard", edition))


@router.get(
    "/{edition_slug}/outcomes", response={200: OutcomePage, **READ_ERRORS}, auth=None, summary="Outcomes of an edition"
)
def list_outcomes(request: HttpRequest, edition_slug: str, filters: Query[OutcomeFilters]) -> dict:
    """The edition's outcomes in code order with their status today (edition's time zone), paginated."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    today = today_in(edition)
    found = queries.outcomes_of(
        edition,
        kind=filters.kind,
        status=filters.status,
        public_only=not _sees_everything(request, edition),
        today=today,
    )
    count = found.count()
    start = (filters.page - 1) * filters.page_size
    page = list(found[start : start + filters.page_size]) if start < count else []
    items = [outcome_summary_out(row) for row in queries.outcome_rows(page, today)]
    return {"count": count, "page": filters.page, "pages": max(1, math.ceil(count / filters.page_size)), "items": items}


@router.get(
    "/{edition_slug}/outcomes/summary",
    response={200: EditionOutcomesOut, **READ_ERRORS},
    auth=None,
    summary="Totals of an edition's outcomes",
)
def outcomes_summary(request: HttpRequest, edition_slug: str) -> EditionOutcomesOut:
    """Counts by status and kind, signed (by the counting rules of signings) and landed yuan, by industry and
    region, and the conversion of signed projects to production; public outcomes only for the public."""
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    summary = queries.outcome_summary(edition, public_only=not _sees_everything(request, edition))
    return edition_outcomes_out(summary)


@router.get(
    "/{edition_slug}/outcomes/{code}",
    response={200: OutcomeOut, **READ_ERRORS},
    auth=None,
    summary="One outcome with its stages",
)
def get_outcome(request: HttpRequest, edition_slug: str, code: Code) -> OutcomeOut:
    edition = forum_queries.get_edition(edition_slug, user=request.user)
    outcome = queries.outcome_for(request.user, edition, code)
    today = today_in(edition)
    return outcome_out(queries.outcome_rows([outcome], today)[0], today)


@router.post(
    "/{edition_slug}/outcomes/{code}/stages/{stage_id}/record",
    response={200: StageOut, **WRITE_ERRORS},
    summary="Record that a stage happened",
)
def record_stage(request: HttpRequest, edition_slug: str, code: Code, stage_id: StageId, data: RecordIn) -> StageOut:
    """For an organizer or the outcome's responsible unit: the day it happened and the amount that moved."""
    actor = _actor(request)
    edition = forum_queries.get_edition(edition_slug, user=actor)
    outcome = queries.outcome_for(actor, edition, code)
    stage = queries.stage_for(outcome, stage_id)
    stage = services.record_stage(
        stage, actor=actor, actual_on=data.actual_on, actual_amount=data.actual_amount, note=data.note
    )
    return stage_out(stage, today_in(edition))


@router.post(
    "/{edition_slug}/outcomes/{code}/stages/{stage_id}/replan",
    response={200: StageOut, **WRITE_ERRORS},
    summary="Move a stage's planned date, with the reason",
)
def replan_stage(request: HttpRequest, edition_slug: str, code: Code, stage_id: StageId, data: ReplanIn) -> StageOut:
    """For an organizer or the outcome's responsible unit; the reason is kept in the outcome's history."""
    actor = _actor(request)
    edition = forum_queries.get_edition(edition_slug, user=actor)
    outcome = queries.outcome_for(actor, edition, code)
    stage = queries.stage_for(outcome, stage_id)
    stage = services.replan_stage(
        stage, actor=actor, planned_on=data.planned_on, planned_amount=data.planned_amount, reason=data.reason
    )
    return stage_out(stage, today_in(edition))
