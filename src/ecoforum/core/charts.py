"""Charts as SVG drawn on the server: the same markup in a page, on a wall screen and in a PDF.

No script and no external library is needed to see them (a strict CSP, networks
where foreign CDNs are blocked, WeasyPrint for the reports). A chart is built from
plain ``(label, value)`` rows into a :class:`Chart` of shapes with coordinates;
``core/charts/bars.html`` (horizontal bars, long labels such as industries) and
``core/charts/columns.html`` (columns, such as one per edition or per month) draw it.
Templates use the ``charts`` tags: ``{% bar_chart rows %}`` and ``{% column_chart rows %}``.

Each row may carry a ``tone`` (``green``, ``yellow``, ``red``, ``grey``, ``sky``,
``gold``) and a ``display`` text (``¥1.6亿``, ``87%``); by default the value itself
is shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

TONES = {
    "green": "#2e8b57",
    "dark": "#0f4c32",
    "light": "#8fd0a5",
    "yellow": "#e3a21a",
    "red": "#b3261e",
    "grey": "#9aa7a0",
    "sky": "#1b6b93",
    "gold": "#b7790f",
}

Number = int | float | Decimal


@dataclass(frozen=True)
class Row:
    label: str
    value: Number
    display: str = ""
    tone: str = "green"


@dataclass(frozen=True)
class Shape:
    label: str
    display: str
    colour: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float


@dataclass
class Chart:
    width: int
    height: int
    shapes: list[Shape] = field(default_factory=list)
    title: str = ""
    baseline: float = 0
    empty: bool = False

    @property
    def description(self) -> str:
        """What the chart shows, for screen readers and as the SVG's title."""
        parts = [f"{s.label}: {s.display}" for s in self.shapes]
        return f"{self.title} — " + "; ".join(parts) if self.title else "; ".join(parts)


def _rows(rows: Iterable[Row | Sequence]) -> list[Row]:
    out: list[Row] = []
    for row in rows:
        if isinstance(row, Row):
            out.append(row)
        else:
            out.append(Row(*row))
    return [r if r.display else Row(r.label, r.value, _plain(r.value), r.tone) for r in out]


def _plain(value: Number) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:,.2f}"
    return f"{int(value):,}"


def bars(
    rows: Iterable[Row | Sequence],
    *,
    title: str = "",
    width: int = 640,
    bar: int = 22,
    gap: int = 10,
    label_width: int = 200,
) -> Chart:
    """Horizontal bars, one per row, longest value full width; negative values are drawn as 0."""
    items = _rows(rows)
    top = max((float(r.value) for r in items), default=0.0)
    value_room = 90
    room = max(width - label_width - value_room, 10)
    chart = Chart(width=width, height=max(len(items), 1) * (bar + gap) + gap, title=title, empty=top <= 0)
    for i, r in enumerate(items):
        y = gap + i * (bar + gap)
        length = room * max(float(r.value), 0.0) / top if top > 0 else 0.0
        chart.shapes.append(
            Shape(
                label=r.label,
                display=r.display,
                colour=TONES.get(r.tone, r.tone),
                x=label_width,
                y=y,
                width=round(length, 1),
                height=bar,
                label_x=label_width - 8,
                label_y=y + bar * 0.7,
                value_x=round(label_width + length + 6, 1),
                value_y=y + bar * 0.7,
            )
        )
    return chart


def columns(
    rows: Iterable[Row | Sequence], *, title: str = "", height: int = 240, column: int = 48, gap: int = 28
) -> Chart:
    """Vertical columns, one per row (an edition, a month), tallest value full height."""
    items = _rows(rows)
    top = max((float(r.value) for r in items), default=0.0)
    label_room, value_room = 36, 22
    room = height - label_room - value_room
    width = max(len(items), 1) * (column + gap) + gap
    chart = Chart(width=width, height=height, title=title, baseline=height - label_room, empty=top <= 0)
    for i, r in enumerate(items):
        x = gap + i * (column + gap)
        length = room * max(float(r.value), 0.0) / top if top > 0 else 0.0
        y = height - label_room - length
        chart.shapes.append(
            Shape(
                label=r.label,
                display=r.display,
                colour=TONES.get(r.tone, r.tone),
                x=x,
                y=round(y, 1),
                width=column,
                height=round(length, 1),
                label_x=x + column / 2,
                label_y=height - label_room + 18,
                value_x=x + column / 2,
                value_y=round(y - 6, 1),
            )
        )
    return chart
