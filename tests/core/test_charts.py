from decimal import Decimal

from django.template import Context, Template

from ecoforum.core import charts


def test_bars_longest_value_fills_the_room():
    chart = charts.bars([("a", 10), ("b", 5), ("c", 0)], width=500, label_width=100)
    room = 500 - 100 - 90
    assert [s.width for s in chart.shapes] == [room, room / 2, 0]
    assert [s.display for s in chart.shapes] == ["10", "5", "0"]
    assert chart.empty is False


def test_bars_all_zero_is_empty():
    assert charts.bars([("a", 0)]).empty is True


def test_columns_height_is_proportional():
    chart = charts.columns([charts.Row("2023", Decimal("160.5"), "¥160.5亿", "dark"), ("2024", 80)], height=240)
    room = 240 - 36 - 22
    assert chart.shapes[0].height == room
    assert chart.shapes[1].height == round(room * 80 / 160.5, 1)
    assert chart.shapes[0].colour == charts.TONES["dark"]
    assert chart.shapes[0].display == "¥160.5亿"


def test_chart_tag_escapes_labels():
    html = Template("{% load charts %}{% bar_chart rows %}").render(Context({"rows": [("<b>x</b>", 3)]}))
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
