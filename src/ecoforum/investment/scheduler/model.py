"""The 1:1 meeting scheduling problem, as plain data (``../shared/specs/meetings.md``).

Nothing here touches the database: the app builds an :class:`Instance` from its
tables (``investment.meetings``), the command ``ecoforum meetings solve`` reads
one from JSON, and both hand it to :func:`ecoforum.investment.scheduler.solve`.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    id: str
    start: str  # ISO 8601 with offset, as in the instance file; the day is start[:10]
    end: str


@dataclass(frozen=True)
class Pin:
    slot: str
    table: int


@dataclass(frozen=True)
class Participant:
    id: str
    available: frozenset[str]


@dataclass(frozen=True)
class Request:
    id: str
    a: str
    b: str
    priority: int  # 1 nice to have … 3 must try hardest
    pinned: Pin | None = None


@dataclass
class Instance:
    slots: list[Slot]
    tables: int
    participants: list[Participant]
    requests: list[Request]
    upper_bound: float | None = None


@dataclass(frozen=True)
class Placement:
    request: str
    slot: str
    table: int


@dataclass
class Result:
    meetings: list[Placement] = field(default_factory=list)
    unscheduled: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "meetings": [{"request": m.request, "slot": m.slot, "table": m.table} for m in self.meetings],
            "unscheduled": list(self.unscheduled),
        }


class InstanceError(ValueError):
    """An instance that cannot be scheduled as given; the message names the offending item."""
