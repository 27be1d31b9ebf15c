"""What the outcomes API returns: public fields only (no contact people, no evidence, no internal notes).

Texts are an object ``{"zh-hans": …, "en": …}``, as everywhere in the API; amounts are decimal
strings in the currency's units (yuan for CNY).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from ecoforum.core.i18n import both
from ecoforum.core.money import Money
from ecoforum.investment.schemas import Text

from .models import Outcome, Stage
from .queries import OutcomeRow, OutcomeSummary
from .status import stage_status


class MoneyOut(Schema):
    amount: Decimal = Field(description="In the currency's units (yuan for CNY), as a decimal string.")
    currency: str


class StageOut(Schema):
    id: int
    kind: str = Field(description="signed, started, in_production, funds_in, released, established or milestone.")
    title: Text = Field(description="The stage's own title (milestones); empty for the standard stages.")
    order: int
    planned_on: dt.date = Field(description="A calendar day in the edition's time zone.")
    actual_on: dt.date | None = Field(description="When it happened; empty while open.")
    planned_amount: Decimal | None
    actual_amount: Decimal | None
    status: str = Field(description="done, red (overdue), yellow (due within 30 days) or green.")


class NextStageOut(Schema):
    id: int
    kind: str
    title: Text
    planned_on: dt.date


class OutcomeSummaryOut(Schema):
    code: str = Field(description="Such as CG-2023-001.")
    kind: str = Field(description="signing, initiative, declaration, institution, agreement or other.")
    title: Text
    status: str = Field(description="green, yellow, red, done or abandoned, computed for today in the edition's zone.")
    responsible_unit: Text
    industry: str | None = Field(description="The green-industry catalogue code, such as 1.1.1.")
    province: str
    city: str
    signed_amount: Decimal | None = Field(description="What the agreement says (not what it counts in totals).")
    currency: str
    next_stage: NextStageOut | None
    days_late: int = Field(description="How many days the latest open stage is past its planned date.")


class OutcomeOut(OutcomeSummaryOut):
    summary: Text
    state_note: str = Field(description="Why it was abandoned; empty while followed.")
    stages: list[StageOut]


class OutcomePage(Schema):
    count: int = Field(description="How many outcomes match, on all pages.")
    page: int
    pages: int
    items: list[OutcomeSummaryOut]


class IndustryFigures(Schema):
    industry: str | None = Field(description="A level-1 code of the catalogue (1 … 6); empty for none.")
    name: Text
    signed: MoneyOut
    landed: MoneyOut


class RegionFigures(Schema):
    region: str = Field(description="A city, or a province where no city is known; empty when unknown.")
    signed: MoneyOut
    landed: MoneyOut


class EditionOutcomesOut(Schema):
    count: int
    by_status: dict[str, int]
    by_kind: dict[str, int]
    signed: MoneyOut = Field(description="What the followed signings count (a project once; an increment only).")
    landed: MoneyOut = Field(description="Actual amounts of the funds-in-place stages done.")
    signed_projects: int
    started: int
    in_production: int
    funds_in: int
    conversion: Decimal | None = Field(description="Signed projects in production ÷ signed projects (0–1).")
    conversion_by_amount: Decimal | None = Field(description="The same, weighted by counted yuan.")
    by_industry: list[IndustryFigures]
    by_region: list[RegionFigures]
    other_currencies: dict[str, Decimal] = Field(description="Signed in other currencies, never converted.")
    other_landed: dict[str, Decimal]


class RecordIn(Schema):
    actual_on: dt.date = Field(description="The local day it happened; not in the future.")
    actual_amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    note: str = Field("", max_length=500)


class ReplanIn(Schema):
    planned_on: dt.date
    planned_amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    reason: str = Field(min_length=1, max_length=500)


def money_out(money: Money) -> MoneyOut:
    return MoneyOut(amount=money.amount, currency=money.currency)


def stage_out(stage: Stage, today: dt.date) -> StageOut:
    return StageOut(
        id=stage.pk,
        kind=stage.kind,
        title=Text.model_validate(both(stage, "title")),
        order=stage.order,
        planned_on=stage.planned_on,
        actual_on=stage.actual_on,
        planned_amount=stage.planned_amount,
        actual_amount=stage.actual_amount,
        status=stage_status(stage, today),
    )


def _summary(row: OutcomeRow) -> dict:
    outcome = row.outcome
    following = row.next_stage
    return {
        "code": outcome.code,
        "kind": outcome.kind,
        "title": Text.model_validate(both(outcome, "title")),
        "status": str(row.status),
        "responsible_unit": Text.model_validate(both(outcome.responsible_unit, "name")),
        "industry": outcome.industry.code if outcome.industry is not None else None,
        "province": outcome.province,
        "city": outcome.city,
        "signed_amount": outcome.signed_amount,
        "currency": outcome.currency,
        "next_stage": NextStageOut(
            id=following.pk,
            kind=following.kind,
            title=Text.model_validate(both(following, "title")),
            planned_on=following.planned_on,
        )
        if following is not None
        else None,
        "days_late": row.days_late,
    }


def outcome_summary_out(row: OutcomeRow) -> OutcomeSummaryOut:
    return OutcomeSummaryOut(**_summary(row))


def outcome_out(row: OutcomeRow, today: dt.date) -> OutcomeOut:
    outcome: Outcome = row.outcome
    return OutcomeOut(
        **_summary(row),
        summary=Text.model_validate(both(outcome, "summary")),
        state_note=outcome.state_note,
        stages=[stage_out(stage, today) for stage in outcome.stages.all()],
    )


def edition_outcomes_out(summary: OutcomeSummary) -> EditionOutcomesOut:
    return EditionOutcomesOut(
        count=summary.count,
        by_status={str(k): v for k, v in summary.by_status.items()},
        by_kind={str(k): v for k, v in summary.by_kind.items()},
        signed=money_out(summary.signed),
        landed=money_out(summary.landed),
        signed_projects=summary.signed_projects,
        started=summary.started,
        in_production=summary.in_production,
        funds_in=summary.funds_in,
        conversion=summary.conversion,
        conversion_by_amount=summary.conversion_by_amount,
        by_industry=[
            IndustryFigures(
                industry=industry.code if industry is not None else None,
                name=Text.model_validate(both(industry, "name") if industry is not None else {"zh-hans": "", "en": ""}),
                signed=money_out(signed),
                landed=money_out(landed),
            )
            for industry, signed, landed in summary.by_industry
        ],
        by_region=[
            RegionFigures(region=region, signed=money_out(signed), landed=money_out(landed))
            for region, signed, landed in summary.by_region
        ],
        other_currencies=summary.other_currencies,
        other_landed=summary.other_landed,
    )
