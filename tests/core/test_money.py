from decimal import Decimal

import pytest

from ecoforum.core.money import Money


def test_money_formats_yi_in_chinese():
    assert Money(Decimal("130000000000")).format("zh-hans") == "1,300亿元"


def test_money_formats_wan_in_chinese():
    assert Money(Decimal("25000")).format("zh-hans") == "2.5万元"


def test_money_formats_billions_in_english():
    assert Money(Decimal("16000000000")).format("en") == "CNY 16 bn"


def test_money_formats_small_amount_in_english():
    assert Money(Decimal("1234.5"), "USD").format("en") == "USD 1,234.50"


def test_money_refuses_floats():
    with pytest.raises(TypeError):
        Money(1.5)


def test_money_adds_same_currency_only():
    assert Money(Decimal("1")) + Money(Decimal("2")) == Money(Decimal("3"))
    with pytest.raises(ValueError):
        Money(Decimal("1"), "CNY") + Money(Decimal("1"), "USD")
