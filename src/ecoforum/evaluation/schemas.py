"""Schemas of the evaluation API: the key figures of an edition, their comparison, the carbon footprint."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from .carbon import Footprint
from .factors import Factor
from .kpis import KPI_FIELDS, Kpis


class MoneyOut(Schema):
    amount: Decimal
    currency: str = Field(description="ISO 4217 code; only yuan are summed (decision 0012).")


class KpisOut(Schema):
    """The figures of one edition, computed from the data; ``changes`` in % against the previous edition."""

    edition: str = Field(description="The edition's address, such as 2023.")
    year: int
    name: str
    guests_on_site: int
    guests_online: int = Field(description="Approved guests who follow online.")
    countries: int
    checked_in: int
    sessions: int = Field(description="Sessions in the published program.")
    experts: int
    releases: int
    exhibitors: int
    projects: int
    meetings: int = Field(description="1:1 meetings confirmed by both sides.")
    signings: int
    signed: MoneyOut = Field(description="Counted by the counting rules (decision 0012).")
    outcomes: int
    outcomes_landed: int
    landed: MoneyOut
    satisfaction: Decimal | None = Field(description="Average 1–5 rating; null without answers.")
    responses: int
    carbon_t: Decimal
    carbon_per_guest_kg: Decimal | None
    changes: dict[str, Decimal | None] = Field(
        description="Change of each figure in % against the previous edition; null when there is none."
    )


class LineOut(Schema):
    code: str
    group: str = Field(description="travel, hotel, meals or venue.")
    label: str
    quantity: Decimal
    unit: str
    factor: Decimal = Field(description="kg CO₂e per unit.")
    source: str
    kg: Decimal


class FactorOut(Schema):
    code: str
    label: str
    value: Decimal
    unit: str
    source: str


class FootprintOut(Schema):
    edition: str
    venue: str | None
    total_kg: Decimal
    total_t: Decimal
    per_guest_kg: Decimal | None
    offset_t: Decimal
    net_t: Decimal
    on_site_guests: int
    online_guests: int
    unresolved_guests: int = Field(description="Guests whose city matched no place, given the average trip.")
    lines: list[LineOut]
    method: list[str]
    factors: list[FactorOut]


def _money(value) -> MoneyOut:
    return MoneyOut(amount=value.amount, currency=value.currency)


def kpis_out(kpis: Kpis) -> KpisOut:
    figures: dict[str, Any] = {
        name: _money(getattr(kpis, name)) if unit == "money" else getattr(kpis, name) for name, _l, unit in KPI_FIELDS
    }
    return KpisOut(
        edition=kpis.edition.slug,
        year=kpis.edition.year,
        name=kpis.edition.name,
        changes=dict(kpis.changes),
        **figures,
    )


def factor_out(factor: Factor) -> FactorOut:
    return FactorOut(
        code=factor.code, label=str(factor.label), value=factor.value, unit=str(factor.unit), source=str(factor.source)
    )


def footprint_out(fp: Footprint) -> FootprintOut:
    return FootprintOut(
        edition=fp.edition.slug,
        venue=str(fp.venue) if fp.venue else None,
        total_kg=fp.total_kg,
        total_t=fp.total_t,
        per_guest_kg=fp.per_guest_kg,
        offset_t=fp.offset_t,
        net_t=fp.net_t,
        on_site_guests=fp.on_site_guests,
        online_guests=fp.online_guests,
        unresolved_guests=fp.unresolved_guests,
        lines=[
            LineOut(
                code=line.code,
                group=line.group,
                label=str(line.label),
                quantity=line.quantity,
                unit=str(line.unit),
                factor=line.factor,
                source=str(line.source),
                kg=line.kg,
            )
            for line in fp.lines
        ],
        method=list(fp.method),
        factors=[factor_out(f) for f in fp.factors],
    )
