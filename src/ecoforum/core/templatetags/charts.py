"""``{% bar_chart rows %}`` and ``{% column_chart rows %}``: server-drawn SVG charts (see ``core.charts``)."""

from __future__ import annotations

from django import template

from ecoforum.core import charts

register = template.Library()


@register.inclusion_tag("core/charts/bars.html")
def bar_chart(rows, title: str = "", width: int = 640, label_width: int = 200):
    return {"chart": charts.bars(rows, title=title, width=width, label_width=label_width)}


@register.inclusion_tag("core/charts/columns.html")
def column_chart(rows, title: str = "", height: int = 240):
    return {"chart": charts.columns(rows, title=title, height=height)}
